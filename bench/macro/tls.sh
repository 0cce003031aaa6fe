#!/usr/bin/env bash
# TLS termination through Fulcrum, nginx and HAProxy, side by side in one run (bounded < 3 min):
#   HTTPS keep-alive  wrk -t1 -c64 --latency https://…/10b        (HTTP/1.1 over TLS 1.3)
#   h2 over TLS       h2load -t1 -c64 -m10 https://…/10b          (ALPN h2, 64 connections x 10 streams)
#
#   bash bench/macro/tls.sh            # print a markdown table
#   bash bench/macro/tls.sh --record   # ... and append it, with the date and the command, to bench/RESULTS.md
#
# Every proxy terminates TLS with the same ECDSA P-256 certificate (made here with openssl) and forwards HTTP/1.1
# with keep-alive to one nginx backend serving a 10 B file. Proxies run pinned to CPU 1 (one worker / thread /
# process each); the backend, wrk and h2load run on CPU 0. Fulcrum is warmed up first (WARMUP_SECONDS, default 40,
# of wrk over HTTPS) because .NET needs tens of seconds of load to reach full speed. Proxy CPU per request is the
# proxy's utime+stime (its process and direct children, /proc/PID/stat) over the run, divided by the requests
# completed. "foreign" is the share of CPU 1 busy with anything but the proxy during its runs (other people's work).
# Every process is started here, its PID kept, and killed by PID at exit. Environment: FULCRUM_DLL (skip the build),
# BENCH_RUN_SECONDS (default 10), WARMUP_SECONDS.
set -uo pipefail

if [ -z "${TLS_BENCH_CHILD:-}" ]; then
  repo=$(cd "$(dirname "$0")/../.." && pwd)
  # The build is not part of the bounded run; the measurement is.
  if [ -z "${FULCRUM_DLL:-}" ]; then   # always (incremental): a stale build would be measured silently
    echo "building Fulcrum (Release)" >&2
    timeout 600 dotnet build "$repo/src/Fulcrum" -c Release -nologo -v quiet >&2 || { echo "build failed" >&2; exit 1; }
  fi
  TLS_BENCH_CHILD=1 exec timeout --kill-after=5 175 bash "$0" "$@"
fi

record=0
command_line="bash bench/macro/tls.sh"
[ "${1:-}" = "--record" ] && { record=1; command_line="$command_line --record"; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
fulcrum_dll=${FULCRUM_DLL:-$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll}
run_seconds=${BENCH_RUN_SECONDS:-10}
warmup_seconds=${WARMUP_SECONDS:-40}
clk_tck=$(getconf CLK_TCK)
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/fulcrum-tls-bench.XXXXXX)
declare -A pid_of=()

say() { printf '[%3ds] %s\n' "$SECONDS" "$*" >&2; }

source "$repo/bench/macro/lib.sh"
stop_all() {
  trap - EXIT
  stop_pids "${pid_of[@]}"
  if [ -n "${BENCH_KEEP:-}" ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap stop_all EXIT

for tool in nginx haproxy wrk h2load openssl curl taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install nginx haproxy wrk nghttp2-client openssl curl)" >&2; exit 1; }
done

# A block of free loopback ports below the ephemeral range.
base=""
for candidate in $(seq 32000 10 32990); do
  busy=0
  for offset in 0 1 2 3; do ss -Htln "sport = :$((candidate + offset))" | grep -q . && busy=1; done
  [ "$busy" -eq 0 ] && { base=$candidate; break; }
done
[ -n "$base" ] || { echo "no free ports" >&2; exit 1; }
p_backend=$base; p_nginx=$((base + 1)); p_haproxy=$((base + 2)); p_fulcrum=$((base + 3))

# ----- certificate: a throwaway CA and a leaf for localhost / 127.0.0.1
cd "$work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=bench-ca \
  -keyout ca.key -out ca.crt 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost -keyout site.key -out site.csr 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > san.ext
openssl x509 -req -in site.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out site.crt 2>/dev/null
cat site.crt site.key > site.pem   # HAProxy wants both in one file

# ----- backend (CPU 0) and the three proxies (CPU 1)
mkdir -p backend/www nginx haproxy fulcrum
printf '0123456789' > backend/www/10b
chmod a+rx "$work" && chmod -R a+rX "$work/backend"   # nginx workers run as another user
nginx_common() { # DIR
  cat <<EOF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 8192; }
EOF
}
temp_paths() { # DIR
  echo "  client_body_temp_path $1/cb; proxy_temp_path $1/px; fastcgi_temp_path $1/fc; uwsgi_temp_path $1/uw; scgi_temp_path $1/sc;"
}
{ nginx_common "$work/backend"; cat <<EOF
http {
  access_log off; keepalive_requests 1000000; default_type application/octet-stream;
$(temp_paths "$work/backend")
  server { listen 127.0.0.1:$p_backend backlog=4096; root $work/backend/www; }
}
EOF
} > backend/nginx.conf
{ nginx_common "$work/nginx"; cat <<EOF
http {
  access_log off; keepalive_requests 1000000;
$(temp_paths "$work/nginx")
  upstream backend { server 127.0.0.1:$p_backend; keepalive 64; }
  server {
    listen 127.0.0.1:$p_nginx ssl http2 backlog=4096;
    ssl_certificate $work/site.crt; ssl_certificate_key $work/site.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
} > nginx/nginx.conf
cat > haproxy/haproxy.cfg <<EOF
global
  nbthread 1
  maxconn 4000
  tune.ssl.default-dh-param 2048
$(haproxy_defaults)
frontend tls
  bind 127.0.0.1:$p_haproxy ssl crt $work/site.pem alpn h2,http/1.1
  default_backend backend
backend backend
  server b1 127.0.0.1:$p_backend
EOF
cat > fulcrum/fulcrum.yaml <<EOF
# Written by bench/macro/tls.sh.
listeners:
  web:
    protocol: https
    address: "127.0.0.1:$p_fulcrum"
    tls: { certificates: [{ certFile: "$work/site.crt", keyFile: "$work/site.key" }] }
routes:
  all: { cluster: backend }
clusters:
  backend: { destinations: { nginx: { address: "http://127.0.0.1:$p_backend" } } }
EOF

taskset -c 0 nginx -c "$work/backend/nginx.conf" -g 'daemon off;' > backend/out.log 2>&1 &
pid_of[backend]=$!
taskset -c 1 nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' > nginx/out.log 2>&1 &
pid_of[nginx]=$!
taskset -c 1 haproxy -db -f "$work/haproxy/haproxy.cfg" > haproxy/out.log 2>&1 &
pid_of[haproxy]=$!
(cd fulcrum && exec taskset -c 1 dotnet "$fulcrum_dll" --config "$work/fulcrum/fulcrum.yaml" > out.log 2>&1) &
pid_of[fulcrum]=$!

declare -A port_of=([nginx]=$p_nginx [haproxy]=$p_haproxy [fulcrum]=$p_fulcrum)
declare -A status_of=([nginx]=ok [haproxy]=ok [fulcrum]=ok)
for target in nginx haproxy fulcrum; do
  up=0
  for _ in $(seq 200); do
    kill -0 "${pid_of[$target]}" 2>/dev/null || break
    if [ "$(curl -s --http2 --cacert ca.crt -o /dev/null -w '%{http_code} %{http_version}' --max-time 1 "https://localhost:${port_of[$target]}/10b")" = "200 2" ]; then
      up=1; break
    fi
    sleep 0.1
  done
  [ "$up" -eq 1 ] || { status_of[$target]="n/a (not serving h2 over TLS: see its log)"; tail -5 "$target/out.log" >&2; }
done

proc_ticks() { # PID: utime+stime of it and its direct children
  local total=0 pid
  for pid in "$1" $(pgrep -P "$1" 2>/dev/null); do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
core1() { awk '$1 == "cpu1" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

results="$work/results.csv"   # scenario,target,rps,p50_ms,p99_ms,cpu_us,errors,foreign_pct
: > "$results"
measure() { # SCENARIO TARGET
  local scenario=$1 target=$2 port=${port_of[$2]} out="$work/$1-$2.txt"
  [ "${status_of[$target]}" = ok ] || return
  local t0 c0 t1 c1
  t0=$(proc_ticks "${pid_of[$target]}"); c0=$(core1)
  if [ "$scenario" = https ]; then
    taskset -c 0 timeout $((run_seconds + 10)) wrk -t1 -c64 -d"${run_seconds}s" --latency "https://127.0.0.1:$port/10b" > "$out" 2>&1
  else
    taskset -c 0 timeout $((run_seconds + 10)) h2load -t1 -c64 -m10 -D "$run_seconds" --warm-up-time=1 \
      --log-file="$work/$target.h2log" "https://127.0.0.1:$port/10b" > "$out" 2>&1
  fi
  t1=$(proc_ticks "${pid_of[$target]}"); c1=$(core1)
  local stats
  if [ "$scenario" = https ]; then
    stats=$(awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      / requests in / { n = $1 } /^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
      /Non-2xx|Socket errors/ { errors = 1 }
      END { printf "%.0f %d %.2f %.2f %d", rps, n, p50, p99, errors }' "$out")
  else
    local pcts
    pcts=$(cut -f3 "$work/$target.h2log" 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END {
      if (NR == 0) { print "0 0"; exit } a = int(NR * 0.5); b = int(NR * 0.99); if (a < 1) a = 1; if (b < 1) b = 1
      printf "%.2f %.2f", v[a] / 1000, v[b] / 1000 }')
    stats=$(awk -v pcts="$pcts" '/^finished in/ { rps = $4 } /^requests:/ { n = $8; errors = $10 + $12 + $14 }
      END { split(pcts, p, " "); printf "%.0f %d %s %s %d", rps, n, p[1], p[2], errors }' "$out")
  fi
  set -- $stats
  local rps=$1 done=$2 p50=$3 p99=$4 errors=$5
  local a=($c1) b=($c0)
  awk -v s="$scenario" -v t="$target" -v rps="$rps" -v n="$done" -v p50="$p50" -v p99="$p99" -v e="$errors" \
      -v ticks=$((t1 - t0)) -v tck="$clk_tck" -v busy=$((a[0] - b[0])) -v total=$((a[1] - b[1])) 'BEGIN {
    cpu = n > 0 ? ticks * 1e6 / tck / n : 0
    foreign = total > 0 ? 100 * (busy - ticks) / total : 0; if (foreign < 0) foreign = 0
    printf "%s,%s,%s,%s,%s,%.1f,%d,%.0f\n", s, t, rps, p50, p99, cpu, e, foreign }' >> "$results"
  say "$scenario $target: $(tail -1 "$results")"
}

if [ "${status_of[fulcrum]}" = ok ]; then
  say "warm-up: Fulcrum, ${warmup_seconds}s of wrk -c64 over HTTPS (not measured)"
  taskset -c 0 timeout $((warmup_seconds + 10)) wrk -t1 -c64 -d"${warmup_seconds}s" "https://127.0.0.1:$p_fulcrum/10b" > "$work/warmup.txt" 2>&1
  say "warm-up: $(grep '^Requests/sec' "$work/warmup.txt")"
fi
for scenario in https h2; do
  for target in nginx haproxy fulcrum; do measure "$scenario" "$target"; done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

table=$(awk -F, '
  { key = $1 SUBSEP $2; rps[key] = $3; p50[key] = $4; p99[key] = $5; cpu[key] = $6; err[key] = $7; fgn[key] = $8; order[++n] = key }
  END {
    print "| scenario | target | req/s | ×nginx | p50 | p99 | proxy CPU | CPU ×nginx | errors | foreign CPU 1 |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, part, SUBSEP); g = part[1] SUBSEP "nginx"
      name = part[1] == "https" ? "HTTPS keep-alive c64 10 B (wrk)" : "h2 over TLS c64 m10 10 B (h2load)"
      printf "| %s | %s | %.0f | %s | %.2f ms | %.2f ms | %.1f µs/req | %s | %d | %d %% |\n", name, part[2], rps[k], \
        (rps[g] > 0 ? sprintf("%.2f×", rps[k] / rps[g]) : "–"), p50[k], p99[k], cpu[k], \
        (cpu[g] > 0 ? sprintf("%.2f×", cpu[k] / cpu[g]) : "–"), err[k], fgn[k]
    }
  }' "$results")
for target in nginx haproxy fulcrum; do
  [ "${status_of[$target]}" = ok ] || table="$table
| (all) | $target | ${status_of[$target]} | | | | | | | |"
done

report="### TLS termination: HTTPS keep-alive and h2, Fulcrum vs nginx vs HAProxy ($started_at)

Command: \`$command_line\` (one run, ${run_seconds} s per row; Fulcrum warmed up with ${warmup_seconds} s of HTTPS load first).
Proxies pinned to CPU 1 with one worker/thread each, terminating TLS (ECDSA P-256, TLS 1.3) and forwarding HTTP/1.1
keep-alive to an nginx backend on CPU 0; wrk and h2load on CPU 0. Load average at start $load_start, at end $load_end
(other engineers build and test on this machine at the same time; 'foreign CPU 1' is the share of the proxy core
used by anything else during that row).
$(nginx -v 2>&1 | sed 's/^nginx version: //'), $(haproxy -v | head -1 | cut -d' ' -f1-3), $(dotnet --version 2>/dev/null | sed 's/^/.NET SDK /').

$table
"
printf '%s\n' "$report"
if [ "$record" -eq 1 ]; then
  printf '\n%s\n' "$report" >> "$repo/bench/RESULTS.md"
  say "appended to bench/RESULTS.md"
fi
