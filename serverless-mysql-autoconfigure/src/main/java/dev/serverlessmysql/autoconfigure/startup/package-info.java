/**
 * Answers for frameworks that would otherwise connect at start-up only to ask what the serverless
 * DataSource already knows (that it is MySQL or MariaDB, and never an embedded database).
 */
package dev.serverlessmysql.autoconfigure.startup;
