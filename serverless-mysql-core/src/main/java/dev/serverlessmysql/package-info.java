/** The serverless-aware MySQL DataSource: plain Java and JDBC, no Spring. */
package dev.serverlessmysql;
