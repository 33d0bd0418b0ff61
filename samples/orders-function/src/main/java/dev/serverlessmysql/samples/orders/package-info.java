/** The orders sample function app (not built yet: see the sample's issue). */
package dev.serverlessmysql.samples.orders;
