/**
 * The emulated Lambda service: the Runtime API on loopback ({@link
 * dev.serverlessmysql.lambdasim.service.RuntimeApiEndpoint}), containers as real processes frozen
 * with SIGSTOP between invocations ({@link dev.serverlessmysql.lambdasim.service.Container},
 * {@link dev.serverlessmysql.lambdasim.service.Signals}), and the fleet that routes events to them
 * ({@link dev.serverlessmysql.lambdasim.service.Fleet}). Knows nothing of MySQL or of the benchmark.
 */
package dev.serverlessmysql.lambdasim.service;
