/**
 * The orders sample: three Spring Cloud Functions ({@code placeOrder}, {@code getOrder},
 * {@code orderStats}) on {@code JdbcClient} and the serverless MySQL starter, runnable locally over
 * HTTP and on AWS Lambda through {@code FunctionInvoker} or as a custom runtime.
 */
package dev.serverlessmysql.samples.orders;
