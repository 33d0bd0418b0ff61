/**
 * The starter has no code of its own: it brings the auto-configuration, the core DataSource
 * and the MySQL driver. This file exists so that a javadoc jar can be built.
 */
package dev.serverlessmysql.starter;
