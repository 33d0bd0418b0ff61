/** Start-up failure analysis for the serverless DataSource. */
package dev.serverlessmysql.autoconfigure.diagnostics;
