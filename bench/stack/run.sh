#!/usr/bin/env bash
# The local stack's services: their CPU with the stack's JVM settings (C1 only, serial collector) against the JVM's
# defaults, for one workload, side by side: the stack started on its store, the demo's products for 1995-06-01 run on
# it (MESH_ENV=shared) by bin/mesh, each service's CPU read from /proc at the end. Rounds alternate the two sides.
#
#   bench/stack/run.sh [rounds]       (default 2; build first: mvn -B package -DskipTests)
#
# Prints one line per round and side: services' CPU after start, after the run, and the run's wall and CPU.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ROUNDS="${1:-2}"
MESH="$ROOT/bin/mesh"
export MESH_SKIP_BUILD=1
WORK="$(mktemp -d /tmp/mesh-stack-bench.XXXXXX)"
chmod 755 "$WORK" # PostgreSQL runs as the user postgres when we are root: it must reach its data directory
trap 'rm -rf "$WORK"' EXIT

services_cpu() {
  local total=0 pid
  for pid in $(pgrep -f "mesh.stack.service=" || true); do
    total=$(awk -v t="$total" '{printf "%.2f", t + ($14 + $15) / 100}' "/proc/$pid/stat")
  done
  echo "$total"
}

side() {
  local label="$1" opts="$2" state="$WORK/state-$1"
  mkdir -p "$state"
  MESH_STACK_JAVA_OPTS="$opts" "$MESH" stack up --on-store --state-dir "$state" > "$WORK/up.log" 2>&1 \
    || { echo "stack up failed:"; cat "$WORK/up.log"; exit 1; }
  local started ran
  started=$(services_cpu)
  (
    eval "$("$MESH" stack env --state-dir "$state")"
    export MESH_ENV=shared MESH_PII_SECRET=bench-stack-pii-secret-0123456789
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$MESH" run --all --date 1995-06-01 > "$WORK/run.log" 2>&1
  ) || { echo "the run failed:"; tail -5 "$WORK/run.log"; "$MESH" stack down --state-dir "$state" > /dev/null 2>&1; exit 1; }
  ran=$(services_cpu)
  "$MESH" stack down --state-dir "$state" > /dev/null 2>&1
  rm -rf "$state"
  read -r wall user sys < "$WORK/time"
  printf '%-9s services after start %6.1f s, after the run %6.1f s of CPU; the run %5.1f s wall, %5.1f s CPU\n' \
    "$label" "$started" "$ran" "$wall" "$(echo "$user + $sys" | bc)"
}

for round in $(seq 1 "$ROUNDS"); do
  echo "round $round"
  side stack ""
  side defaults "-XX:TieredStopAtLevel=4 -XX:-UseSerialGC"
done
