#!/usr/bin/env bash
# Runs the lambda-sim benchmark and writes lambda-sim/results/ (benchmark.md, benchmark.json,
# connections-*.svg). Needs a JDK 17 and node + npm on the PATH (the npm serverless-mysql module is
# installed from the registry into lambda-sim/target/node-runtime). See lambda-sim/README.md for
# what each size runs and how long it takes on 2 cores (small: under 10 minutes; full: far longer).
#   lambda-sim/run-benchmark.sh -Dbenchmark.size=small
#   lambda-sim/run-benchmark.sh                 # full
#   lambda-sim/run-benchmark.sh -Dbenchmark.kinds=light,node -Dbenchmark.profiles=burst-50 -Dbenchmark.out=/tmp/sim
#   lambda-sim/run-benchmark.sh -Dbenchmark.profiles=fault   # the fault run (results-faults/)
set -euo pipefail
cd "$(dirname "$0")/.."
# -DskipTests: the profile runs the benchmark, not the other modules' test suites.
exec ./mvnw -B -pl lambda-sim -am verify -Pbenchmark -DskipTests "$@"
