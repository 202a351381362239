#!/usr/bin/env bash
# Framework overhead benchmark: bench/perf/run.sh [--scale S] [--reps N] [--p3-scale S] [--p3-reps N] [--only P1,P3,P5]
#   defaults: P1 at TPC-H scale 1, 5 measured pairs; P3 at scale 0.1, 2 pairs.
#   P3: the whole demo mesh (bin/mesh demo, 3 dates) with parallelism 2 vs 1, separate processes.
#   P5: a tiny product through mesh (contract, quality, lineage, catalog) vs the bare transform + write, same JVM.
#   P1: revenue per nation and day from TPC-H lineitem/orders/customer/nation at the given scale, through mesh vs a
#       hand-written Spark job doing the same read, transform and write; Delta and Iceberg.
# Runs alternate (mesh first, then bare first) so background load hits both sides alike; prints medians and ratios
# and writes bench/results/perf-<time>.json. Never part of the test suite.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -q -DskipTests package
cp="$(cat jobs/demo/target/mesh.classpath)"
flags="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
mkdir -p bench/results
# shellcheck disable=SC2086
exec java $flags -Xmx8g -Dlog4j2.configurationFile="$root/bin/log4j2.properties" -cp "$cp" \
  bench/perf/PerfBench.java "$root" "$@"
