#!/usr/bin/env bash
# Runs the JMH benchmarks of one invocation (warm, transaction, spaced 1.1 s apart, and spaced with
# 100 other connections of the same user on the server: spacedCrowded) for a raw Connector/J
# connection, HikariCP with a pool of 1 and this DataSource, in the same run, against the embedded
# MariaDB; writes benchmarks/results/jmh.csv and RESULTS.md (ratios). Not run by CI.
# About 55 minutes on 2 cores (an estimate: spacedCrowded alone took 34, 4 forks of 10 iterations). Extra JMH options, for example:
#   benchmarks/run.sh                              # everything
#   benchmarks/run.sh -Dbenchmark.args='warm -f 1' # one benchmark, one fork (results not written)
#   benchmarks/run.sh -Dbenchmark.args="spacedCrowded -p kind=hikari,serverless -rf csv -rff $PWD/benchmarks/results/jmh.csv"
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p benchmarks/results
rm -f benchmarks/results/roundtrips.csv
exec ./mvnw -B -pl benchmarks -am verify -Pbenchmark -DskipTests "$@"
