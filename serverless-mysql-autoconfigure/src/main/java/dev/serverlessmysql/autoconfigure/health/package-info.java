/** Actuator health of the serverless DataSource. */
package dev.serverlessmysql.autoconfigure.health;
