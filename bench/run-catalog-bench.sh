#!/usr/bin/env bash
# Runs bench/CatalogBench.java (Java's single-file launcher) on the project's build classpath; see README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/jobs/demo/target/mesh.classpath" ] || { echo "build first: mvn -DskipTests package" >&2; exit 2; }
CP="$(cat "$ROOT/jobs/demo/target/mesh.classpath")"
MAIN=("$ROOT/bench/CatalogBench.java")
if [ "${1:-}" = "--cli" ]; then
  # bench/run-catalog-bench.sh --cli DIR catalog ...: bin/mesh, as a user starts it, over the bench's mesh.
  DIR="$(cd "$2" && pwd)"
  shift 2
  MESH_SKIP_BUILD=1 MESH_JAVA_OPTS="-Dmesh.home=$DIR ${MESH_JAVA_OPTS:-}" exec "$ROOT/bin/mesh" "$@"
fi
DIR=("${1:-$ROOT/bench/results/catalog-$(date +%Y%m%d-%H%M%S)}")
shift || true
exec java -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
  -Xmx3g -Dlog4j2.configurationFile="$ROOT/bin/log4j2.properties" \
  -cp "$CP" "${MAIN[@]}" "${DIR[@]}" "$@"
