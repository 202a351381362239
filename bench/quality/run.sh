#!/usr/bin/env bash
# Runs the quality verification benchmark: bench/quality/run.sh [rows] [runs]
# Compiles the quality module, takes its classpath (Spark and Deequ included) from Maven, and runs QualityBench.java
# with Java's source launcher. The JVM flags are Spark 3.5's own list (mesh.java17.flags in the parent pom).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
mvn -B -o -q -pl quality/deequ -am compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=compile
flags="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
# shellcheck disable=SC2086
exec java $flags -Xmx6g -Dlog4j2.configurationFile="$root/bench/quality/log4j2.properties" \
  -cp "quality/api/target/classes:quality/deequ/target/classes:$(cat quality/deequ/target/bench-classpath.txt)" \
  bench/quality/QualityBench.java "$@"
