#!/usr/bin/env bash
# Runs the benchmarks and regenerates BENCHMARKS.md and benchmarks/chart.png from the JSON.
#   vectornode-benchmarks/run.sh quick    # under 10 minutes on 2 cores
#   vectornode-benchmarks/run.sh full     # about 45 minutes, 2 forks per benchmark
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 8192 2>/dev/null || true
mvn -q -B -Pbenchmarks package -DskipTests -pl vectornode-benchmarks -am
java -Xmx512m -jar vectornode-benchmarks/target/benchmarks.jar "${1:-quick}"
