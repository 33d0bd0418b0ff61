#!/usr/bin/env bash
# Runs the full lambda-sim benchmark and writes lambda-sim/results/ (benchmark.md, benchmark.json,
# connections-*.svg). Needs a JDK 17 and node + npm on the PATH (the npm serverless-mysql module is
# installed from the registry into lambda-sim/target/node-runtime). About 10 minutes on 2 cores.
#   lambda-sim/run-benchmark.sh                 # full
#   lambda-sim/run-benchmark.sh -Dbenchmark.size=small -Dbenchmark.kinds=starter,node
set -euo pipefail
cd "$(dirname "$0")/.."
# -DskipTests: the profile runs the benchmark, not the other modules' test suites.
exec ./mvnw -B -pl lambda-sim -am verify -Pbenchmark -DskipTests "$@"
