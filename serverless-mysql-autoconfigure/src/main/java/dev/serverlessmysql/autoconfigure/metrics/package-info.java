/** Micrometer meters of the serverless DataSource. */
package dev.serverlessmysql.autoconfigure.metrics;
