#!/usr/bin/env bash
# Fulcrum against nginx and HAProxy on loopback, in one run, interleaved and repeated.
#
#   bash bench/macro/run.sh             # measure and print a markdown table
#   bash bench/macro/run.sh --record    # ... and append it, with the date and command, to bench/RESULTS.md
#   bash bench/macro/run.sh --install-only
#
# What runs (every process from its own directory under one temp dir, its PID recorded, killed by PID at exit):
#   backend  nginx, 1 worker, CPU 0: /10b (10 B) and /16k (16 KiB) static files, keep-alive; also an h2c port
#   nginx    peer reverse proxy, 1 worker, CPU 1, upstream keepalive 64 (+ an h2c port, + a stream proxy for iperf3)
#   haproxy  peer proxy, mode http, 1 thread, CPU 1, http-reuse always (+ an h2 port, + a tcp proxy for iperf3)
#   fulcrum  dotnet src/Fulcrum/bin/Release/net10.0/fulcrum.dll --config FILE, CPU 1 (one listener, route, cluster)
#   wrk, h2load, iperf3 (client and server) on CPU 0, beside the backend.
# Fulcrum is warmed up with WARMUP_SECONDS (default 15) of wrk load before anything is measured, in 5 s windows
# whose req/s and CPU per request are printed and recorded: that trace shows how long it takes to reach full speed
# (25-70 s until 2026-12-01, when the fulcrum executable began starting without tiering's call-counting delay);
# then WARMUP_H2_SECONDS (default 10) of h2load on its h2c listener and 2 s of iperf3 through its tcp listener.
# Proxy CPU per request = the proxy's utime+stime (process and children, from /proc/PID/stat) over the run,
# divided by the requests wrk completed.
#
# Environment: FULCRUM_DLL=path skips the build and measures that fulcrum.dll; WARMUP_SECONDS (default 15),
# WARMUP_H2_SECONDS (default 10);
# NGINX_UPSTREAM_KEEPALIVE (default 64); BENCH_RUN_SECONDS (default 10) and BENCH_REPEATS (default 2), lowered only to try the script out;
# BENCH_BUDGET_SECONDS (default 580): the script stops measuring (and says which rows it skipped) before then,
# and `timeout` kills it at budget + 15 s whatever happens.
set -uo pipefail

budget=${BENCH_BUDGET_SECONDS:-580}
if [ -z "${FULCRUM_BENCH_CHILD:-}" ]; then
  # The whole script, install and build included, runs under one hard deadline.
  FULCRUM_BENCH_CHILD=1 exec timeout --kill-after=5 $((budget + 15)) bash "$0" "$@"
fi

record=0
install_only=0
for arg in "$@"; do
  case "$arg" in
    --record) record=1 ;;
    --install-only) install_only=1 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
command_line="bash bench/macro/run.sh $*"
warmup_seconds=${WARMUP_SECONDS:-15}
warmup_h2_seconds=${WARMUP_H2_SECONDS:-10}
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
duration=${BENCH_RUN_SECONDS:-10}                                 # seconds per wrk run
h2_duration=$(( duration < 4 ? duration : 4 ))                      # seconds per h2load run
tcp_duration=$h2_duration                                           # seconds per iperf3 run
repeats=${BENCH_REPEATS:-2}
nginx_keepalive=${NGINX_UPSTREAM_KEEPALIVE:-64}                    # idle upstream connections nginx keeps
clk_tck=$(getconf CLK_TCK)

log() { printf '[%3ds] %s\n' "$SECONDS" "$*" >&2; }

# ---------------------------------------------------------------------------------------------------------- install
install_tools() {
  local missing=()
  command -v nginx   >/dev/null 2>&1 || missing+=(nginx)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v wrk     >/dev/null 2>&1 || missing+=(wrk)
  command -v h2load  >/dev/null 2>&1 || missing+=(nghttp2-client)
  command -v iperf3  >/dev/null 2>&1 || missing+=(iperf3)
  command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
  command -v curl    >/dev/null 2>&1 || missing+=(curl)
  # nginx's TCP proxy (for the iperf3 rows) is a separate module package on Debian.
  [ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || missing+=(libnginx-mod-stream)
  [ ${#missing[@]} -eq 0 ] && return 0

  log "installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  if ! timeout 300 $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
    log "a package was not found: apt-get update, then again"
    timeout 120 $sudo apt-get update -qq >/dev/null 2>&1
    timeout 300 $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || { log "apt-get install failed"; return 1; }
  fi
}

install_tools || exit 1
[ "$install_only" -eq 1 ] && { log "tools installed"; exit 0; }

# ---------------------------------------------------------------------------------------------------------- processes
work=$(mktemp -d /tmp/fulcrum-bench.XXXXXX)
chmod 755 "$work"   # nginx workers run as nobody and must reach the static files
declare -A pid_of=()
keep_work=0

# Every PID this script started, and every child of those (nginx workers), ended by PID (lib.sh: stop_pids).
source "$repo/bench/macro/lib.sh"

cleanup() {
  trap - EXIT INT TERM
  local name pids=()
  for name in "${!pid_of[@]}"; do pids+=("${pid_of[$name]}"); done
  stop_pids "${pids[@]}"
  if [ "$keep_work" -eq 1 ]; then
    log "logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Loopback ports: the first block of 100 (below the ephemeral range, so no client socket can take one mid-run)
# whose ports are all free, or BENCH_BASE_PORT.
base=$(free_port_block "${BENCH_BASE_PORT:-$(seq 21000 100 31900)}" "0 1 2 3 10 11 12 13 20 21 22 23")
[ -n "$base" ] || { echo "no free block of loopback ports (set BENCH_BASE_PORT)" >&2; exit 1; }
p_backend=$base;            p_nginx=$((base + 1));     p_haproxy=$((base + 2));     p_fulcrum=$((base + 3))
p_backend_h2=$((base + 10)); p_nginx_h2=$((base + 11)); p_haproxy_h2=$((base + 12)); p_fulcrum_h2=$((base + 13))
p_iperf=$((base + 20));      p_nginx_tcp=$((base + 21)); p_haproxy_tcp=$((base + 22)); p_fulcrum_tcp=$((base + 23))
log "ports: backend $p_backend, nginx $p_nginx, haproxy $p_haproxy, fulcrum $p_fulcrum (h2c +10, tcp +20)"

# wait_http NAME URL: up to 20 s for a 200, while the process is alive.
wait_http() {
  local name=$1 url=$2
  for _ in $(seq 200); do
    kill -0 "${pid_of[$name]}" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url")" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

# ----- backend: nginx serving two static bodies
mkdir -p "$work/backend/www"
printf '0123456789' > "$work/backend/www/10b"
head -c 16384 /dev/zero | tr '\0' 'x' > "$work/backend/www/16k"
chmod -R a+rX "$work/backend"
cat > "$work/backend/nginx.conf" <<EOF
worker_processes 1;
pid $work/backend/nginx.pid;
error_log $work/backend/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65s;
  keepalive_requests 1000000;   # nginx's default (1000) would make every client reconnect every 1000 requests
  client_body_temp_path $work/backend/client_body;
  proxy_temp_path $work/backend/proxy;
  fastcgi_temp_path $work/backend/fastcgi;
  uwsgi_temp_path $work/backend/uwsgi;
  scgi_temp_path $work/backend/scgi;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$p_backend backlog=4096;
    listen 127.0.0.1:$p_backend_h2 http2 backlog=4096;
    root $work/backend/www;
  }
}
EOF
taskset -c 0 nginx -p "$work/backend" -e "$work/backend/error.log" -c "$work/backend/nginx.conf" -g 'daemon off;' &
pid_of[backend]=$!

# ----- nginx: peer reverse proxy (and a TCP proxy for iperf3 when the stream module is there)
mkdir -p "$work/nginx"
nginx_stream_module=/usr/lib/nginx/modules/ngx_stream_module.so
{
  [ -f "$nginx_stream_module" ] && echo "load_module $nginx_stream_module;"
  proxy_nginx_conf "$work/nginx" "$p_backend" "$nginx_keepalive" "127.0.0.1:$p_nginx" "127.0.0.1:$p_nginx_h2 http2"
  [ -f "$nginx_stream_module" ] && cat <<EOF
stream {
  server { listen 127.0.0.1:$p_nginx_tcp; proxy_pass 127.0.0.1:$p_iperf; }
}
EOF
} > "$work/nginx/nginx.conf"
taskset -c 1 nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pid_of[nginx]=$!

# ----- HAProxy: peer proxy
mkdir -p "$work/haproxy"
haproxy_conf "$work/haproxy" $p_backend $p_haproxy $p_haproxy_h2 $p_haproxy_tcp $p_iperf > "$work/haproxy/haproxy.cfg"
(cd "$work/haproxy" && exec taskset -c 1 haproxy -db -f "$work/haproxy/haproxy.cfg" > "$work/haproxy/haproxy.log" 2>&1) &
pid_of[haproxy]=$!

# ----- iperf3 server (CPU 0)
mkdir -p "$work/iperf3"
(cd "$work/iperf3" && exec taskset -c 0 iperf3 -s -B 127.0.0.1 -p $p_iperf > "$work/iperf3/server.log" 2>&1) &
pid_of[iperf3]=$!

# ----- Fulcrum
mkdir -p "$work/fulcrum"
fulcrum_status=ok
fulcrum_dll=${FULCRUM_DLL:-}
if [ -z "$fulcrum_dll" ]; then
  log "building Fulcrum (Release)"
  if timeout 300 dotnet build "$repo/src/Fulcrum" -c Release -nologo -v quiet > "$work/fulcrum/build.log" 2>&1; then
    fulcrum_dll="$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll"
  else
    fulcrum_status="n/a (build failed: see the log below)"
    keep_work=1
    tail -20 "$work/fulcrum/build.log" >&2
  fi
fi
cat > "$work/fulcrum/fulcrum.yaml" <<EOF
# Written by bench/macro/run.sh: one listener, one route, one cluster with the nginx backend; a tcp listener
# to the iperf3 server.
listeners:
  web: { protocol: http, address: "127.0.0.1:$p_fulcrum" }
  h2c: { protocol: http, http2: true, address: "127.0.0.1:$p_fulcrum_h2" }   # h2c prior knowledge, as nginx's and HAProxy's
  tcp: { protocol: tcp, address: "127.0.0.1:$p_fulcrum_tcp" }
routes:
  all: { cluster: backend }
  tcp: { listeners: [tcp], cluster: iperf }
clusters:
  backend:
    destinations:
      nginx: { address: "http://127.0.0.1:$p_backend" }
  iperf:
    protocol: tcp
    destinations:
      iperf3: { address: "127.0.0.1:$p_iperf" }
EOF
if [ "$fulcrum_status" = ok ]; then
  (cd "$work/fulcrum" && exec taskset -c 1 dotnet "$fulcrum_dll" --config "$work/fulcrum/fulcrum.yaml" > "$work/fulcrum/fulcrum.log" 2>&1) &
  pid_of[fulcrum]=$!
fi

# ----- readiness: each target must return both bodies in full before it is measured
declare -A port_of=([direct]=$p_backend [nginx]=$p_nginx [haproxy]=$p_haproxy [fulcrum]=$p_fulcrum)
declare -A proc_of=([direct]=backend [nginx]=nginx [haproxy]=haproxy [fulcrum]=fulcrum)
declare -A status_of=([direct]=ok [nginx]=ok [haproxy]=ok [fulcrum]=$fulcrum_status)
for target in direct nginx haproxy fulcrum; do
  [ "${status_of[$target]}" = ok ] || continue
  proc=${proc_of[$target]}
  if ! wait_http "$proc" "http://127.0.0.1:${port_of[$target]}/10b"; then
    status_of[$target]="n/a (did not start: see its log)"
    keep_work=1
    continue
  fi
  for body in 10b:10 16k:16384; do
    got=$(curl -s -o /dev/null -w '%{http_code} %{size_download}' --max-time 2 "http://127.0.0.1:${port_of[$target]}/${body%%:*}")
    if [ "$got" != "200 ${body#*:}" ]; then
      status_of[$target]="n/a (/${body%%:*} answered '$got')"
      keep_work=1
    fi
  done
done
for target in direct nginx haproxy fulcrum; do log "$target: ${status_of[$target]}"; done
if [ "${status_of[direct]}" != ok ]; then
  echo "the nginx backend did not start:" >&2
  cat "$work/backend/error.log" >&2
  keep_work=1
  exit 1
fi

# ---------------------------------------------------------------------------------------------------------- measuring
# cpu_ticks PID and cpu1_ticks come from lib.sh.

# Percent of CPU 1 busy with anything but the measured proxy between two cpu1_ticks readings: other people's
# builds and tests on a shared machine show up here (a quiet machine reads 0-3 %, mostly loopback softirq).
foreign_pct() { # BEFORE AFTER PROXY_TICKS
  local b=($1) a=($2)
  awk -v busy=$((a[0] - b[0])) -v total=$((a[1] - b[1])) -v proxy="$3" \
    'BEGIN { f = total > 0 ? 100 * (busy - proxy) / total : 0; printf "%.0f", (f < 0 ? 0 : f) }'
}

# Time left in the budget, so that the run ends with a table rather than being killed.
fits() { [ $((SECONDS + $1 + 5)) -lt "$budget" ]; }

results="$work/results.csv"   # kind,scenario,target,rep,rate,units,p50_us,p99_us,cpu_us_per_unit,errors,foreign_cpu1_pct
: > "$results"
skipped=()

# wrk_run SCENARIO TARGET REP CONNS PATH [close]
wrk_run() {
  local scenario=$1 target=$2 rep=$3 conns=$4 path=$5 close=${6:-}
  local out="$work/wrk-$scenario-$target-$rep.txt" proc=${proc_of[$target]}
  if [ "${status_of[$target]}" != ok ]; then return; fi
  if ! fits "$duration"; then skipped+=("$scenario $target rep $rep"); return; fi
  local before after core_before core_after
  core_before=$(cpu1_ticks)
  before=$(cpu_ticks "${pid_of[$proc]}")
  if [ -n "$close" ]; then
    taskset -c 0 timeout $((duration + 15)) wrk -t1 -c"$conns" -d${duration}s --latency -H 'Connection: close' \
      "http://127.0.0.1:${port_of[$target]}$path" > "$out" 2>&1
  else
    taskset -c 0 timeout $((duration + 15)) wrk -t1 -c"$conns" -d${duration}s --latency \
      "http://127.0.0.1:${port_of[$target]}$path" > "$out" 2>&1
  fi
  after=$(cpu_ticks "${pid_of[$proc]}")
  core_after=$(cpu1_ticks)
  # wrk prints latencies as 812.00us, 1.23ms or 1.01s; everything is turned into microseconds.
  local line
  line=$(awk -v ticks=$((after - before)) -v tck="$clk_tck" -v proxied="$([ "$target" = direct ] && echo 0 || echo 1)" '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v + 0 }
    /^ +50%/ { p50 = us($2) }
    /^ +99%/ { p99 = us($2) }
    / requests in / { requests = $1 }
    /^Requests\/sec:/ { rps = $2 }
    /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx or 3xx responses:/ { errors += $5 }
    END {
      cpu = (proxied && requests > 0) ? ticks * 1000000 / tck / requests : -1
      printf "%.2f,req/s,%.0f,%.0f,%.2f,%d", rps, p50, p99, cpu, errors
    }' "$out")
  line="$line,$(foreign_pct "$core_before" "$core_after" $([ "$target" = direct ] && echo 0 || echo $((after - before))))"
  echo "h1,$scenario,$target,$rep,$line" >> "$results"
  log "$scenario $target #$rep: $line"
  if [ "$target" = fulcrum ] && ! kill -0 "${pid_of[fulcrum]}" 2>/dev/null; then
    status_of[fulcrum]="n/a (exited under load: see its log)"
    keep_work=1
  fi
}

# h2load_run TARGET REP PORT PROC (h2c with prior knowledge, 64 connections x 10 streams, 10 B body)
h2_run() {
  local target=$1 rep=$2 port=$3 proc=$4
  local out="$work/h2-$target-$rep.txt" lat="$work/h2-$target-$rep.log"
  if [ "${status_of[$target]}" != ok ]; then return; fi
  if ! fits $((h2_duration + 2)); then skipped+=("h2c $target rep $rep"); return; fi
  local before after core_before core_after
  core_before=$(cpu1_ticks)
  before=$(cpu_ticks "${pid_of[$proc]}")
  taskset -c 0 timeout $((h2_duration + 15)) h2load -t1 -c64 -m10 -D "$h2_duration" --warm-up-time=1 \
    --log-file="$lat" "http://127.0.0.1:$port/10b" > "$out" 2>&1
  after=$(cpu_ticks "${pid_of[$proc]}")
  core_after=$(cpu1_ticks)
  local pcts
  pcts=$(cut -f3 "$lat" 2>/dev/null | sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "0,0"; exit }
    i50 = int(NR * 0.50); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
    printf "%d,%d", v[i50], v[i99] }')
  local line
  line=$(awk -v ticks=$((after - before)) -v tck="$clk_tck" -v proxied="$([ "$target" = direct ] && echo 0 || echo 1)" -v pcts="$pcts" '
    /^finished in/ { rps = $4 }
    /^requests:/ { done = $8; errors = $10 + $12 + $14 }        # "requests: N total, N started, N done, N succeeded, N failed, N errored, N timeout"
    /^status codes:/ { errors += $7 + $9 }                       # "status codes: N 2xx, N 3xx, N 4xx, N 5xx"
    END {
      cpu = (proxied && done > 0) ? ticks * 1000000 / tck / done : -1
      printf "%.2f,req/s,%s,%.2f,%d", rps, pcts, cpu, errors
    }' "$out")
  line="$line,$(foreign_pct "$core_before" "$core_after" $([ "$target" = direct ] && echo 0 || echo $((after - before))))"
  echo "h2c,h2c c64 m10 10 B,$target,$rep,$line" >> "$results"
  log "h2c $target #$rep: $line"
}

# tcp_run TARGET REP PORT PROC (iperf3, one stream)
tcp_run() {
  local target=$1 rep=$2 port=$3 proc=$4
  local out="$work/tcp-$target-$rep.json"
  if [ "${status_of[$target]}" != ok ]; then return; fi
  if ! fits $((tcp_duration + 2)); then skipped+=("tcp $target rep $rep"); return; fi
  local before after core_before core_after
  core_before=$(cpu1_ticks)
  before=$(cpu_ticks "${pid_of[$proc]}")
  taskset -c 0 timeout $((tcp_duration + 15)) iperf3 -c 127.0.0.1 -p "$port" -t "$tcp_duration" -J > "$out" 2>&1
  after=$(cpu_ticks "${pid_of[$proc]}")
  core_after=$(cpu1_ticks)
  local line
  line=$(awk -v ticks=$((after - before)) -v tck="$clk_tck" -v proxied="$([ "$target" = direct ] && echo 0 || echo 1)" '
    /"sum_received"/ { inside = 1 }
    inside && /"bytes":/ && !bytes { gsub(/[^0-9.]/, "", $2); bytes = $2 }
    inside && /"bits_per_second":/ && !bps { gsub(/[^0-9.e+]/, "", $2); bps = $2 + 0 }
    /"error":/ { errors = 1 }
    END {
      mib = bytes / 1048576
      cpu = (proxied && mib > 0) ? ticks * 1000000 / tck / mib : -1
      printf "%.3f,Gbit/s,0,0,%.2f,%d", bps / 1e9, cpu, errors + (bps > 0 ? 0 : 1)
    }' "$out")
  line="$line,$(foreign_pct "$core_before" "$core_after" $([ "$target" = direct ] && echo 0 || echo $((after - before))))"
  echo "tcp,TCP iperf3 1 stream,$target,$rep,$line" >> "$results"
  log "tcp $target #$rep: $line"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
warmup_trace=""
if [ "${status_of[fulcrum]}" = ok ]; then
  log "warm-up: Fulcrum, ${warmup_seconds}s of wrk -t1 -c64 on /10b in 5 s windows (not measured)"
  for _ in $(seq $(( (warmup_seconds + 4) / 5 ))); do
    before=$(cpu_ticks "${pid_of[fulcrum]}")
    taskset -c 0 timeout 20 wrk -t1 -c64 -d5s "http://127.0.0.1:$p_fulcrum/10b" > "$work/warmup.txt" 2>&1
    after=$(cpu_ticks "${pid_of[fulcrum]}")
    window=$(awk -v ticks=$((after - before)) -v tck="$clk_tck" '
      / requests in / { requests = $1 } /^Requests\/sec:/ { rps = $2 }
      END { printf "%.0f req/s @ %.0f µs/req", rps, (requests > 0 ? ticks * 1000000 / tck / requests : 0) }' "$work/warmup.txt")
    warmup_trace="${warmup_trace:+$warmup_trace, }$window"
    log "  warm-up window: $window"
  done
  # The h2c and TCP rows run other code (Kestrel's HTTP/2, the L4 pump) that the HTTP/1.1 load above never JIT-compiled
  # to its final tier: unwarmed, the first h2c repetition measured tier-0 code (2026-12-07: 158 µs/request against
  # 101 µs in the second). Each gets its own short load first.
  log "warm-up: Fulcrum, ${warmup_h2_seconds}s of h2load on the h2c listener and 2 s of iperf3 through the tcp listener (not measured)"
  taskset -c 0 timeout $((warmup_h2_seconds + 15)) h2load -t1 -c64 -m10 -D "$warmup_h2_seconds" "http://127.0.0.1:$p_fulcrum_h2/10b" > /dev/null 2>&1
  taskset -c 0 timeout 20 iperf3 -c 127.0.0.1 -p "$p_fulcrum_tcp" -t 2 > /dev/null 2>&1
fi

h1_scenarios=("ka c64 10 B:64:/10b:" "ka c64 16 KiB:64:/16k:" "ka c256 10 B:256:/10b:" "ka c256 16 KiB:256:/16k:" "close c16 10 B:16:/10b:close")
for rep in $(seq "$repeats"); do
  # Interleaved: every scenario visits every target before the next scenario; odd and even repetitions visit
  # them in opposite orders, so that drift (heat, tiering, page cache) does not favour one target.
  if [ $((rep % 2)) -eq 1 ]; then order=(direct nginx haproxy fulcrum); else order=(fulcrum haproxy nginx direct); fi
  for entry in "${h1_scenarios[@]}"; do
    IFS=: read -r scenario conns path close <<< "$entry"
    for target in "${order[@]}"; do wrk_run "$scenario" "$target" "$rep" "$conns" "$path" "$close"; done
  done
  h2_run direct "$rep" $p_backend_h2 backend
  h2_run nginx "$rep" $p_nginx_h2 nginx
  h2_run haproxy "$rep" $p_haproxy_h2 haproxy
  h2_run fulcrum "$rep" $p_fulcrum_h2 fulcrum
  tcp_run direct "$rep" $p_iperf iperf3
  [ -f "$nginx_stream_module" ] && tcp_run nginx "$rep" $p_nginx_tcp nginx
  tcp_run haproxy "$rep" $p_haproxy_tcp haproxy
  tcp_run fulcrum "$rep" $p_fulcrum_tcp fulcrum
done

if [ "${pid_of[fulcrum]:-}" ] && ! kill -0 "${pid_of[fulcrum]}" 2>/dev/null; then
  status_of[fulcrum]="n/a (exited: see its log)"
  keep_work=1
fi

# ---------------------------------------------------------------------------------------------------------- report
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
# Only proxied runs: during a direct run CPU 1 is idle and anyone else's work may take it without disturbing us.
foreign=$(awk -F, '$3 != "direct" { sum += $11; n++; if ($11 >= max) { max = $11; at = $2 " " $3 " #" $4 } }
  END { if (n) printf "mean %.0f %%, max %.0f %% (%s)", sum / n, max, at; else printf "not measured" }' "$results")
foreign_max=$(awk -F, '$3 != "direct" && $11 > m { m = $11 } END { print m + 0 }' "$results")
fulcrum_warnings=0
[ -f "$work/fulcrum/fulcrum.log" ] && fulcrum_warnings=$(grep -cE '^[0-9:.]+ (warn|fail|crit):' "$work/fulcrum/fulcrum.log")
# Means over the repetitions; req/s carries the spread (half the range, in % of the mean).
table=$(awk -F, -v fulcrum_status="${status_of[fulcrum]}" '
  function fmt_ms(us) { return us <= 0 ? "–" : sprintf("%.2f ms", us / 1000) }
  function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f×", a / b) : "–" }
  {
    key = $1 SUBSEP $2 SUBSEP $3
    if (!(key in n)) { order[++count] = key; kind[key] = $1; scen[key] = $2; tgt[key] = $3; unit[key] = $6 }
    n[key]++; rate[key] += $5; p50[key] += $7; p99[key] += $8; cpu[key] += $9; err[key] += $10
    if (!(key in lo) || $5 < lo[key]) lo[key] = $5
    if (!(key in hi) || $5 > hi[key]) hi[key] = $5
    scenarios[$1 SUBSEP $2] = 1
  }
  END {
    for (k in n) { rate[k] /= n[k]; p50[k] /= n[k]; p99[k] /= n[k]; cpu[k] /= n[k] }
    print "| scenario | target | rate | ×direct | ×nginx | p50 | p99 | p99 ×nginx | proxy CPU | CPU ×nginx | errors |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    last = ""
    for (i = 1; i <= count; i++) {
      k = order[i]; s = kind[k] SUBSEP scen[k]
      d = kind[k] SUBSEP scen[k] SUBSEP "direct"; g = kind[k] SUBSEP scen[k] SUBSEP "nginx"
      spread = rate[k] > 0 ? sprintf(" ±%.0f%%", 50 * (hi[k] - lo[k]) / rate[k]) : ""
      cpuunit = unit[k] == "Gbit/s" ? " µs/MiB" : " µs/req"
      printf "| %s | %s | %s %s%s | %s | %s | %s | %s | %s | %s | %s | %d |\n", \
        scen[k], tgt[k], (unit[k] == "Gbit/s" ? sprintf("%.2f", rate[k]) : sprintf("%.0f", rate[k])), unit[k], spread, \
        (tgt[k] == "direct" ? "1.00×" : ratio(rate[k], rate[d])), ratio(rate[k], rate[g]), \
        fmt_ms(p50[k]), fmt_ms(p99[k]), (tgt[k] == "direct" ? "–" : ratio(p99[k], p99[g])), \
        (cpu[k] < 0 ? "–" : sprintf("%.1f%s", cpu[k], cpuunit)), (cpu[k] < 0 ? "–" : ratio(cpu[k], cpu[g])), err[k]
    }
  }' "$results")
# h1 rows are gathered per scenario in the order first seen (rep 1: direct nginx haproxy fulcrum).
if [ "${status_of[fulcrum]}" != ok ]; then
  table="$table
| HTTP/1.1 | fulcrum | ${status_of[fulcrum]} | | | | | | | | |"
fi

notes="Rates are means of $repeats interleaved runs (± half their range); p50/p99 are means of the runs' percentiles.
HTTP/1.1: \`wrk -t1 -cN -d${duration}s --latency\` (\`close\` adds \`-H 'Connection: close'\`); h2c: \`h2load -t1 -c64 -m10 -D $h2_duration --warm-up-time=1\` (percentiles from its per-request log); TCP: \`iperf3 -t $tcp_duration\`, one stream.
Peers: nginx with upstream keepalive $nginx_keepalive, HAProxy with http-reuse always, both 1 worker/thread, access logs off. Pinning: proxies on CPU 1; wrk/h2load/iperf3 and the nginx backend on CPU 0. Proxy CPU is utime+stime of the proxy process (and its workers) over the run, per request (per MiB for TCP); ratios are of rates, p99 and CPU.
Warm-up: Fulcrum got ${warmup_seconds} s of \`wrk -t1 -c64\` on /10b before the first measurement, in 5 s windows: ${warmup_trace:-none}; then ${warmup_h2_seconds} s of \`h2load -t1 -c64 -m10\` on its h2c listener and 2 s of iperf3 through its tcp listener. nginx and HAProxy got none (they need none).
Fulcrum: $([ -n "$fulcrum_dll" ] && echo "\`dotnet $(basename "$fulcrum_dll") --config FILE\`, Release build, default GC settings of the project" || echo "not run")."
notes="$notes
Machine load: 1/5/15-min load average $load_start at the start, $load_end at the end; CPU 1 (the proxy core) busy with other processes during the proxied runs: $foreign."
if [ "$fulcrum_warnings" -gt 0 ]; then
  first_warning=$(grep -m1 -E '^[0-9:.]+ (warn|fail|crit):' "$work/fulcrum/fulcrum.log" | cut -c1-160)
  notes="$notes
Fulcrum's log has $fulcrum_warnings warning/error lines, the first: \`$first_warning…\`"
fi
[ "$foreign_max" -gt 10 ] && notes="$notes
**Warning: other processes used up to ${foreign_max} % of the proxy core during a run; this machine was shared, so the figures are disturbed. Run again on a quiet machine before comparing with other runs.**"
[ ${#skipped[@]} -gt 0 ] && notes="$notes
Skipped to stay inside the ${budget} s budget: ${skipped[*]}."

echo
echo "$table"
echo
echo "$notes"

if [ "${status_of[fulcrum]}" != ok ] && [ -f "$work/fulcrum/fulcrum.log" ]; then
  echo
  echo "Fulcrum log (last 40 lines of $work/fulcrum/fulcrum.log, each cut to 300 characters):"
  tail -40 "$work/fulcrum/fulcrum.log" | cut -c1-300
fi

if [ "$record" -eq 1 ]; then
  {
    echo
    echo "## Macro: $started_at"
    echo
    echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)."
    echo "Versions: $(nginx -v 2>&1 | sed 's/^nginx version: //'), HAProxy $(haproxy -v 2>/dev/null | head -1 | awk '{ print $3 }'), wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }'), $(h2load --version 2>/dev/null | head -1), iperf3 $(iperf3 -v 2>/dev/null | head -1 | awk '{ print $2 }'), .NET $(dotnet --list-runtimes 2>/dev/null | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')."
    echo "Command: \`$command_line\` (took ${SECONDS} s)."
    echo
    echo "$table"
    echo
    echo "$notes"
    echo
    echo "<details><summary>Every run (kind, scenario, target, repetition, rate, unit, p50 µs, p99 µs, proxy CPU µs per unit, errors, % of CPU 1 used by other processes)</summary>"
    echo
    echo '```'
    cat "$results"
    echo '```'
    echo
    echo "</details>"
  } >> "$repo/bench/RESULTS.md"
  log "appended to bench/RESULTS.md"
fi
