/**
 * What the benchmark runs on the emulated service: the container kinds and their runtimes, the
 * load profiles, one kind's run under one profile with the server's counters, and its result.
 */
package dev.serverlessmysql.lambdasim.workload;
