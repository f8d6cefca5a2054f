#!/usr/bin/env bash
# How long the gateway's snapshot takes to rebuild with 1,000 incidents in history (bench/SnapshotRebuild.java).
#   bench/snapshot.sh [INCIDENTS] [ROUNDS]        (defaults 1000, 30; after 10 rounds that warm up the JIT)
# Compiles the gateway and what it needs in this checkout (no install), then runs the bench on their classes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
mvn -B -ntp -pl gateway -am compile dependency:build-classpath -DincludeScope=runtime \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="gateway/target/classes:runtime/target/classes:openapi/target/classes:$(cat gateway/target/bench-classpath.txt)"
java -Xmx512m -cp "$cp" "$here/SnapshotRebuild.java" "${1:-1000}" "${2:-30}"
