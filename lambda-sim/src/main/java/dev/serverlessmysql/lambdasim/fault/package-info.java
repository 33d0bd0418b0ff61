/**
 * The fault run: kills and a server restart during a burst, a client that retries each order
 * under its idempotency key, the exactly-once check of the ledger, and the fault report.
 */
package dev.serverlessmysql.lambdasim.fault;
