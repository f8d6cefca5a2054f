#!/usr/bin/env bash
# Fan-out of one incident update to many subscribers (notifier-service's FanOutBench, on its test classpath):
#   bench/fanout.sh [WEBHOOKS] [EMAILS] [key=value ...]     (default 10000 10000; keys: notifier configuration)
# Builds notifier-service's test classes offline (no tests run), then runs the bench: a fresh embedded PostgreSQL,
# a local HTTP receiver and a local SMTP sink in the bench's JVM, one event, time to the last delivery of each kind.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
webhooks="${1:-10000}"
emails="${2:-10000}"
shift $(( $# > 2 ? 2 : $# ))
cd "$root"
cp_file="$(mktemp /tmp/statuspage-fanout-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
# In one reactor, so runtime resolves to its target/ folders; notifier-service comes last and writes the file last.
mvn -B -ntp -o -pl notifier-service -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" >/tmp/statuspage-fanout-build.log 2>&1 \
  || { tail -30 /tmp/statuspage-fanout-build.log >&2; exit 1; }
echo "$(nproc) cores, $(date -u +%FT%TZ), $(git -C "$root" rev-parse --short HEAD)"
java -Xmx1g ${BENCH_JAVA_OPTS:-} -Djava.util.logging.config.file=/dev/null \
  -cp "notifier-service/target/test-classes:notifier-service/target/classes:runtime/target/test-classes:$(cat "$cp_file")" \
  io.statuspage.notifier.FanOutBench "$webhooks" "$emails" "$@"
