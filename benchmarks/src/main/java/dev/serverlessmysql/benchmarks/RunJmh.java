package dev.serverlessmysql.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs JMH as {@code org.openjdk.jmh.Main} does (same command line), then writes the median and
 * p99 of every benchmark to {@code results/percentiles.csv}: JMH's CSV has no percentiles for
 * single-shot benchmarks (the spaced one), whose median is the figure its target is set on.
 */
public final class RunJmh {

    private RunJmh() {
    }

    public static void main(String[] args) throws RunnerException, IOException, org.openjdk.jmh.runner.options.CommandLineOptionException {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        StringBuilder csv = new StringBuilder("benchmark,kind,samples,p50,p99\n");
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String benchmark = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
            Statistics statistics = result.getPrimaryResult().getStatistics();
            csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.3f%n", benchmark, params.getParam("kind"),
                    statistics.getN(), statistics.getPercentile(50), statistics.getPercentile(99)));
        }
        Path out = Path.of("results", "percentiles.csv");
        Files.createDirectories(out.getParent());
        Files.writeString(out, csv.toString(), StandardCharsets.UTF_8);
    }
}
