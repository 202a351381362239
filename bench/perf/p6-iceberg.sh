#!/usr/bin/env bash
# P6 on Iceberg catalog tables: the metadata commands and plan --all as whole processes, this checkout's bin/mesh
# against another built checkout's (BASE), alternating which goes first, on one warehouse whose catalog tables are
# Iceberg tables (make it with: MESH_WAREHOUSE=DIR MESH_JAVA_OPTS=-Dmesh.catalog-tables=iceberg bin/mesh demo).
#   bench/perf/p6-iceberg.sh WAREHOUSE BASE [REPS]
# Prints command|side|seconds|exit code, one line a run, then each command's medians and their ratio (new / base).
set -u
here="$(cd "$(dirname "$0")/../.." && pwd)"
export MESH_WAREHOUSE="$1" MESH_JAVA_OPTS=-Dmesh.catalog-tables=iceberg
base="$2"
reps=${3:-4}
log="$(mktemp)"
cmds=("status" "catalog" "catalog show sales.orders" "lineage sales.orders" "quality sales.orders" "plan --all")
for c in "${cmds[@]}"; do
  for i in $(seq 1 $reps); do
    if (( i % 2 )); then order="new base"; else order="base new"; fi
    for side in $order; do
      bin="$here/bin/mesh"; [ $side = base ] && bin="$base/bin/mesh"
      s=$(date +%s.%N); $bin $c > /dev/null 2>&1; rc=$?; e=$(date +%s.%N)
      echo "$c|$side|$(echo "$e - $s" | bc)|$rc" | tee -a "$log"
    done
  done
done
python3 - "$log" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    command, side, seconds, rc = line.strip().split("|")
    runs[command][side + ("" if rc == "0" else " (failed)")].append(float(seconds))
for command, sides in runs.items():
    new, base = statistics.median(sides["new"]), statistics.median(sides["base"])
    print(f"{command:28s} new {new:5.2f} s  base {base:5.2f} s  ratio {new / base:.2f}")
PY
rm -f "$log"
