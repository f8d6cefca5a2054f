#!/usr/bin/env bash
# How long a status change takes to show in /api/v2/summary.json on one machine (bench/Freshness.java).
#   bench/freshness.sh [CHANGES]        (default 1000, after 500 that warm up the JIT)
# Needs a packaged suite (mvn -B -ntp -DskipTests package). Starts the suite on an embedded PostgreSQL of its own,
# seeds a page of six components, measures, and stops everything it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
changes="${1:-1000}"
port=18090
work="$(mktemp -d /tmp/statuspage-freshness.XXXXXX)"
key="bench-$(date +%s)"
[ -f "$root/deploy/target/statuspage.jar" ] || { echo "Package first: mvn -B -ntp -DskipTests package" >&2; exit 1; }

pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

STATUSPAGE_HTTP_PORT=$port STATUSPAGE_ADMIN_API_KEY=$key STATUSPAGE_DB_EMBEDDED_DIR="$work/pg" \
  STATUSPAGE_SNAPSHOT_FILE="$work/snapshot.json" java -Xmx512m -jar "$root/deploy/target/statuspage.jar" \
  >"$work/suite.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 1; done
page=$(curl -fs "http://127.0.0.1:$port/api/v2/summary.json" | sed -E 's/.*"page":\{"id":"([a-z0-9]+)".*/\1/')
id=
for name in "Platform HTTPS" "Platform Database" "Platform API" "Logs" "Metrics" "Billing"; do
  created=$(curl -fs -H "Authorization: OAuth $key" -H 'Content-Type: application/json' \
    -d "{\"component\":{\"name\":\"$name\"}}" "http://127.0.0.1:$port/v1/pages/$page/components")
  id=${id:-$(echo "$created" | sed -E 's/^\{"id":"([a-z0-9]+)".*/\1/')}
done
echo "$(nproc) cores, $(date -u +%FT%TZ), $(git -C "$root" rev-parse --short HEAD)"
java "$here/Freshness.java" "http://127.0.0.1:$port" "$key" "$page" "$id" "$changes"
