#!/usr/bin/env bash
# Throughput and latency of the gateway's hot paths against nginx serving the same bytes, on loopback, with wrk.
#   bench/run.sh [DURATION_SECONDS] [CONNECTIONS]        (defaults 20, 256)
#   HEAVY=50 bench/run.sh ...   the heavy page instead: 50 components, each with 90 days of uptime figures and 30 days
#                               of hourly response times written into the collector's tables, so the page carries
#                               50 uptime bars and response charts
# Needs: a packaged suite (mvn -B -ntp -DskipTests package), and Debian's wrk and nginx (installed if missing).
# It starts the suite on an embedded PostgreSQL of its own, seeds a realistic page, copies the bodies the gateway
# serves into nginx's root (and their gzip forms, for nginx's gzip_static), checks that nginx serves those bytes,
# measures both, plain and with Accept-Encoding: gzip as browsers send it, prints a table and the ratios, and stops
# everything it started.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
duration="${1:-20}"
conns="${2:-256}"
threads=2
gw_port=18080
nginx_port=18081
pg_port=18432
heavy="${HEAVY:-0}"
work="$(mktemp -d /tmp/statuspage-bench.XXXXXX)"
chmod 755 "$work"   # nginx's workers run as nobody: a private directory made every nginx answer a 404
key="bench-$(date +%s)"

for tool in wrk nginx curl psql; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light curl postgresql-client >/dev/null; break; }
done
[ -f "$root/deploy/target/statuspage.jar" ] || { echo "Package first: mvn -B -ntp -DskipTests package" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

STATUSPAGE_HTTP_PORT=$gw_port STATUSPAGE_ADMIN_API_KEY=$key STATUSPAGE_DB_EMBEDDED_DIR="$work/pg" \
  STATUSPAGE_DB_EMBEDDED_PORT=$pg_port \
  STATUSPAGE_PAGE_NAME="Bench Platform" java -Xmx512m -jar "$root/deploy/target/statuspage.jar" >"$work/suite.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do curl -fs -o /dev/null "http://127.0.0.1:$gw_port/health/ready" && break; sleep 1; done
page=$(curl -fs "http://127.0.0.1:$gw_port/api/v2/summary.json" | sed -E 's/.*"page":\{"id":"([a-z0-9]+)".*/\1/')
api="http://127.0.0.1:$gw_port/v1/pages/$page"
names=("Platform HTTPS" "Platform Database" "Platform API" "Logs" "Metrics" "Billing")
if [ "$heavy" -gt 0 ]; then names=(); for i in $(seq 1 "$heavy"); do names+=("Component $i"); done; fi
for name in "${names[@]}"; do
  curl -fs -o /dev/null -H "Authorization: OAuth $key" -H 'Content-Type: application/json' \
    -d "{\"component\":{\"name\":\"$name\",\"description\":\"The $name service\"}}" "$api/components"
done
if [ "$heavy" -gt 0 ]; then
  # 92 days of Pingdom-like figures (one day in 12 below 100%, one in 17 below 99%) and 30 days of hourly response
  # times per component, straight into the collector's tables; then a change in the collector (a custom metrics
  # provider) makes the gateways fetch its part at once.
  PGPASSWORD=postgres psql -q -h 127.0.0.1 -p $pg_port -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
INSERT INTO uptime.daily_figure (component_id, day, source, up_seconds, down_seconds, unknown_seconds, uptime_percent,
                                 avg_response_ms, fetched_at)
SELECT c.id, d::date, 'pingdom', 86400 - f.down, f.down, 0, 100.0 * (86400 - f.down) / 86400,
       180 + ((hashtext(c.id || d::text) & 2147483647) % 60), now()
FROM component.component c
CROSS JOIN generate_series(current_date - 91, current_date, interval '1 day') d
CROSS JOIN LATERAL (SELECT CASE WHEN (hashtext(c.id || d::text) & 2147483647) % 17 = 3 THEN 1200
                                WHEN (hashtext(c.id || d::text) & 2147483647) % 12 = 5 THEN 60 ELSE 0 END AS down) f
WHERE NOT c.is_group;
INSERT INTO uptime.check_result (component_id, source, at, status, response_ms)
SELECT c.id, 'pingdom', t, 'up', 150 + ((hashtext(c.id || t::text) & 2147483647) % 200)
FROM component.component c
CROSS JOIN generate_series(date_trunc('hour', now()) - interval '30 days', now(), interval '1 hour') t
WHERE NOT c.is_group;
SQL
  curl -fs -o /dev/null -H "Authorization: OAuth $key" -d 'metrics_provider[type]=Self' "$api/metrics_providers"
  for _ in $(seq 1 60); do
    [ "$(curl -fs "http://127.0.0.1:$gw_port/" | grep -o 'class="sp-bars"' | wc -l)" -ge "$heavy" ] && break
    sleep 1
  done
fi
sleep 1

mkdir -p "$work/www/api/v2"
curl -fs "http://127.0.0.1:$gw_port/api/v2/summary.json" -o "$work/www/api/v2/summary.json"
curl -fs "http://127.0.0.1:$gw_port/" -o "$work/www/index.html"
# What browsers get: the gateway's gzip form, served by nginx with gzip_static (the same bytes, compressed once).
curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$gw_port/api/v2/summary.json" -o "$work/www/api/v2/summary.json.gz"
curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$gw_port/" -o "$work/www/index.html.gz"
cat >"$work/nginx.conf" <<CONF
worker_processes auto;
daemon off;
error_log $work/nginx-error.log warn;
pid $work/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  types { application/json json; text/html html; }
  sendfile on; tcp_nopush on; keepalive_requests 100000; gzip_static on;
  server {
    listen 127.0.0.1:$nginx_port reuseport;
    root $work/www;
    location = / { try_files /index.html =404; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
sleep 1
# nginx must answer 200 with the bytes the gateway served, or the comparison means nothing.
for file in api/v2/summary.json index.html; do
  path="/${file%index.html}"
  curl -fs "http://127.0.0.1:$nginx_port$path" -o "$work/check" && cmp -s "$work/check" "$work/www/$file" \
    || { echo "nginx does not serve $path as the gateway did" >&2; exit 1; }
  curl -fs -H 'Accept-Encoding: gzip' "http://127.0.0.1:$nginx_port$path" -o "$work/check" \
    && cmp -s "$work/check" "$work/www/$file.gz" || { echo "nginx does not serve $path gzipped as the gateway did" >&2; exit 1; }
done

measure() { # label url [header]
  local header=(); [ -n "${3:-}" ] && header=(-H "$3")
  wrk -t$threads -c"$conns" -d5s "${header[@]}" "$2" >/dev/null 2>&1 || true   # warm-up: JIT and pools, same for both
  wrk -t$threads -c"$conns" -d"${duration}s" --latency "${header[@]}" "$2" >"$work/$1.txt" 2>&1
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/$1.txt")
  printf '%-28s %12s req/s   p99 %s\n' "$1" "$rps" "$p99" >&2
  echo "$rps $p99"
}

echo "wrk -t$threads -c$conns -d${duration}s on $(nproc) cores, $(date -u +%FT%TZ)" >&2
read -r gw_sum gw_sum_p99 < <(measure gateway-summary.json "http://127.0.0.1:$gw_port/api/v2/summary.json")
read -r ng_sum ng_sum_p99 < <(measure nginx-summary.json "http://127.0.0.1:$nginx_port/api/v2/summary.json")
read -r gw_page gw_page_p99 < <(measure gateway-page "http://127.0.0.1:$gw_port/")
read -r ng_page ng_page_p99 < <(measure nginx-page "http://127.0.0.1:$nginx_port/")
gz='Accept-Encoding: gzip'
read -r gw_sumz gw_sumz_p99 < <(measure gateway-summary.json-gzip "http://127.0.0.1:$gw_port/api/v2/summary.json" "$gz")
read -r ng_sumz ng_sumz_p99 < <(measure nginx-summary.json-gzip "http://127.0.0.1:$nginx_port/api/v2/summary.json" "$gz")
read -r gw_pagez gw_pagez_p99 < <(measure gateway-page-gzip "http://127.0.0.1:$gw_port/" "$gz")
read -r ng_pagez ng_pagez_p99 < <(measure nginx-page-gzip "http://127.0.0.1:$nginx_port/" "$gz")

# Every answer counted must have been a 200 (wrk counts errors as requests too).
if grep -l 'Non-2xx\|Socket errors' "$work"/*.txt >&2; then echo "some answers above were not 200s" >&2; exit 1; fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| target | gateway req/s | gateway p99 | nginx req/s | nginx p99 | gateway/nginx |"
echo "|---|---|---|---|---|---|"
echo "| /api/v2/summary.json ($(wc -c <"$work/www/api/v2/summary.json") B) | $gw_sum | $gw_sum_p99 | $ng_sum | $ng_sum_p99 | $(ratio "$gw_sum" "$ng_sum") |"
echo "| / ($(wc -c <"$work/www/index.html") B) | $gw_page | $gw_page_p99 | $ng_page | $ng_page_p99 | $(ratio "$gw_page" "$ng_page") |"
echo "| /api/v2/summary.json, gzip ($(wc -c <"$work/www/api/v2/summary.json.gz") B) | $gw_sumz | $gw_sumz_p99 | $ng_sumz | $ng_sumz_p99 | $(ratio "$gw_sumz" "$ng_sumz") |"
echo "| /, gzip ($(wc -c <"$work/www/index.html.gz") B) | $gw_pagez | $gw_pagez_p99 | $ng_pagez | $ng_pagez_p99 | $(ratio "$gw_pagez" "$ng_pagez") |"
# The whole suite's live heap (every service in this one JVM) after a full collection, with this page served.
suite_pid="${pids[0]}"
jcmd "$suite_pid" GC.run >/dev/null 2>&1 && sleep 1
used=$(jcmd "$suite_pid" GC.heap_info 2>/dev/null | awk '/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") print $(i + 1) }')
echo
echo "Live heap of the whole suite after a full GC: ${used:-unknown} (of -Xmx512m)"
