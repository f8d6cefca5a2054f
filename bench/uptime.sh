#!/usr/bin/env bash
# The snapshot rebuild with uptime graphs (bench/UptimeRebuild.java): 50 components x 90 days, then 20, with the page's
# size in bytes.   bench/uptime.sh [ROUNDS]        (default 30, after 10 rounds that warm up the JIT)
# Compiles the gateway and what it needs in this checkout (no install), then runs the bench on their classes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
mvn -B -ntp -pl gateway -am compile dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="gateway/target/classes:runtime/target/classes:openapi/target/classes:$(cat gateway/target/bench-classpath.txt)"
for n in 50 20; do
  java -Xmx512m -cp "$cp" "$here/UptimeRebuild.java" "$n" "${1:-30}"
done
