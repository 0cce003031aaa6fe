#!/usr/bin/env bash
# Where a proxied request's CPU goes, user mode against kernel, for nginx (as a reverse proxy with upstream keepalive)
# and Fulcrum side by side: both on CPU 1 in front of the same nginx backend on CPU 0, measured alternately for ROUNDS
# rounds of `wrk -t1 -c64 -d5s` on /10b, printing per round and proxy the utime and stime per request (from
# /proc/PID/stat, workers included). Fulcrum gets WARMUP_SECONDS (default 15) of the same load first.
#
#   bash bench/macro/cpusplit.sh [ROUNDS]        FULCRUM_DLL=... FULCRUM_ENV='K=V ...'
#
# Needs nginx and wrk (bash bench/macro/run.sh --install-only). Bounded by `timeout`; processes ended by PID.
set -uo pipefail

rounds=${1:-3}
warmup=${WARMUP_SECONDS:-15}
if [ -z "${FULCRUM_SPLIT_CHILD:-}" ]; then
  FULCRUM_SPLIT_CHILD=1 exec timeout --kill-after=5 $((rounds * 12 + warmup + 60)) bash "$0" "$@"
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
dll=${FULCRUM_DLL:-$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll}
clk_tck=$(getconf CLK_TCK)
source "$repo/bench/macro/lib.sh"
require_dll "$dll"
bench_base_port "${BENCH_BASE_PORT:-$(seq 24500 100 31900)}" "0 1 2"

bench_setup fulcrum-split
start_backend "$base"
mkdir -p "$work/proxy"
proxy_nginx_conf "$work/proxy" "$base" 64 "127.0.0.1:$((base + 1))" > "$work/proxy/nginx.conf"
taskset -c 1 nginx -p "$work/proxy" -e "$work/proxy/error.log" -c "$work/proxy/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
pids+=($nginx_pid)
single_route_yaml $((base + 2)) "$base" > "$work/fulcrum.yaml"
start_fulcrum fulcrum "$dll" "${FULCRUM_ENV:-}"
wait_ready "http://127.0.0.1:$((base + 1))/10b" "$nginx_pid" "$work/proxy/error.log" || exit 1
wait_ready "http://127.0.0.1:$((base + 2))/10b" "$fulcrum_pid" "$work/fulcrum.log" || exit 1
taskset -c 0 timeout $((warmup + 10)) wrk -t1 -c64 -d"$warmup"s "http://127.0.0.1:$((base + 2))/10b" > /dev/null 2>&1

# "utime stime" clock ticks of a process and its children.
user_sys_ticks() {
  local user=0 sys=0 pid fields
  for pid in "$1" $(children_of "$1"); do
    read -r fields 2>/dev/null < "/proc/$pid/stat" || continue
    fields=${fields##*) }
    set -- $fields
    user=$((user + ${12})); sys=$((sys + ${13}))
  done
  echo "$user $sys"
}

echo "wrk -t1 -c64 -d5s on /10b per proxy and round, alternating; Fulcrum warmed up ${warmup}s first"
echo "| round | proxy | req/s | user µs/req | kernel µs/req | total µs/req |"
echo "|---:|---|---:|---:|---:|---:|"
for round in $(seq "$rounds"); do
  for proxy in nginx fulcrum; do
    pid=$nginx_pid; port=$((base + 1))
    [ "$proxy" = fulcrum ] && { pid=$fulcrum_pid; port=$((base + 2)); }
    before=($(user_sys_ticks "$pid"))
    taskset -c 0 timeout 20 wrk -t1 -c64 -d5s "http://127.0.0.1:$port/10b" > "$work/wrk.txt" 2>&1
    after=($(user_sys_ticks "$pid"))
    awk -v r="$round" -v p="$proxy" -v u=$((after[0] - before[0])) -v s=$((after[1] - before[1])) -v tck="$clk_tck" '
      / requests in / { n = $1 } /^Requests\/sec:/ { rps = $2 }
      END { if (n > 0) printf "| %d | %s | %.0f | %.1f | %.1f | %.1f |\n", r, p, rps, u * 1e6 / tck / n, s * 1e6 / tck / n, (u + s) * 1e6 / tck / n }' "$work/wrk.txt"
  done
done
