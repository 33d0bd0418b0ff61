/** Spring Boot auto-configuration for the serverless MySQL DataSource. */
package dev.serverlessmysql.autoconfigure;
