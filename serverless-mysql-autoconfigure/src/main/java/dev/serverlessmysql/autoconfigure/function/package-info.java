/** Ends Spring Cloud Function invocations on the serverless DataSource. */
package dev.serverlessmysql.autoconfigure.function;
