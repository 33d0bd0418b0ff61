/**
 * A local emulator of the AWS Lambda service for tests and benchmarks: the Runtime API on
 * loopback, a fleet of real container processes that are frozen with SIGSTOP between
 * invocations and left frozen when they expire, load profiles, and the report.
 */
package dev.serverlessmysql.lambdasim;
