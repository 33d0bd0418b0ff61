/** The benchmark's report: JSON, Markdown tables, SVG charts and the targets with their ratios. */
package dev.serverlessmysql.lambdasim.report;
