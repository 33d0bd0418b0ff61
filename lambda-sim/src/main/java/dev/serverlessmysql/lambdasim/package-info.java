/** The local Lambda fleet emulator (not built yet: see the lambda-sim issue). */
package dev.serverlessmysql.lambdasim;
