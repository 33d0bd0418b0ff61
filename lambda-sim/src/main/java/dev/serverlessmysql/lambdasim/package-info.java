/**
 * A local emulator of the AWS Lambda service for tests and benchmarks, and the benchmark that
 * drives it ({@link dev.serverlessmysql.lambdasim.Benchmark}). One package per concern: {@code
 * service} (the emulated Lambda service), {@code workload} (container kinds, load profiles, runs),
 * {@code fault} (the fault run) and {@code report}.
 */
package dev.serverlessmysql.lambdasim;
