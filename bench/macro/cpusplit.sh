#!/usr/bin/env bash
# Where a proxied request's CPU goes, user mode against kernel, for a peer proxy (nginx with upstream keepalive, or
# HAProxy with http-reuse always) and Fulcrum side by side: both on CPU 1 in front of the same nginx backend on CPU 0,
# measured alternately for ROUNDS rounds of `wrk -t1 -c64 -d5s` on /10b, printing per round and proxy the utime and
# stime per request (from /proc/PID/stat, workers included). Fulcrum gets WARMUP_SECONDS (default 15) of the same
# load first.
#
#   bash bench/macro/cpusplit.sh [ROUNDS]        FULCRUM_DLL=... FULCRUM_ENV='K=V ...'
#   PEER=haproxy   HAProxy as the peer instead of nginx
#   H2C=1          h2c with prior knowledge (h2load -t1 -c64 -m10 -D 5; Fulcrum's listener takes http2), and
#                  HAProxy as the peer unless PEER says otherwise
#   FLOOR_DLL=bench/ServerProbe/bin/Release/net10.0/ServerProbe.dll FLOOR_ENV='PROBE_HTTP=1 …'
#                  a third process in the same rounds ("floor", warmed up as Fulcrum is): the measuring stick of
#                  bench/ServerProbe, so peer, Fulcrum and floor are compared under the same machine state
#
# Needs nginx, wrk, h2load and haproxy (bash bench/macro/run.sh --install-only). Bounded by `timeout`; processes
# ended by PID.
set -uo pipefail

rounds=${1:-3}
warmup=${WARMUP_SECONDS:-15}
if [ -z "${FULCRUM_SPLIT_CHILD:-}" ]; then
  FULCRUM_SPLIT_CHILD=1 exec timeout --kill-after=5 $((rounds * 18 + 2 * warmup + 60)) bash "$0" "$@"
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
dll=${FULCRUM_DLL:-$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll}
clk_tck=$(getconf CLK_TCK)
source "$repo/bench/macro/lib.sh"
floor_dll=${FLOOR_DLL:+$(realpath -m "$FLOOR_DLL")}
require_dll "$dll" ${floor_dll:+"$floor_dll"}
bench_base_port "${BENCH_BASE_PORT:-$(seq 24500 100 31900)}" "0 1 2 3 4"
peer=${PEER:-$([ -n "${H2C:-}" ] && echo haproxy || echo nginx)}

bench_setup fulcrum-split
start_backend "$base"
if [ "$peer" = haproxy ]; then
  mkdir -p "$work/haproxy"
  haproxy_conf "$work/haproxy" "$base" $((base + 1)) $((base + 3)) > "$work/haproxy/haproxy.cfg"
  (cd "$work/haproxy" && exec taskset -c 1 haproxy -db -f "$work/haproxy/haproxy.cfg" > "$work/haproxy/haproxy.log" 2>&1) &
  peer_log=$work/haproxy/haproxy.log
else
  mkdir -p "$work/proxy"
  proxy_nginx_conf "$work/proxy" "$base" 64 "127.0.0.1:$((base + 1))" "127.0.0.1:$((base + 3)) http2" > "$work/proxy/nginx.conf"
  taskset -c 1 nginx -p "$work/proxy" -e "$work/proxy/error.log" -c "$work/proxy/nginx.conf" -g 'daemon off;' &
  peer_log=$work/proxy/error.log
fi
peer_pid=$!
pids+=($peer_pid)
single_route_yaml $((base + 2)) "$base" ${H2C:+http2} > "$work/fulcrum.yaml"
start_fulcrum fulcrum "$dll" "${FULCRUM_ENV:-}"
# The peer's h2c port is its HTTP/1.1 port + 2; Fulcrum's listener takes both on one port.
peer_port=$((base + 1)); [ -n "${H2C:-}" ] && peer_port=$((base + 3))
wait_ready "http://127.0.0.1:$peer_port/10b" "$peer_pid" "$peer_log" || exit 1
wait_ready "http://127.0.0.1:$((base + 2))/10b" "$fulcrum_pid" "$work/fulcrum.log" || exit 1
proxies=("$peer" fulcrum)
if [ -n "$floor_dll" ]; then
  single_route_yaml $((base + 4)) "$base" ${H2C:+http2} > "$work/floor.yaml"
  main_pid=$fulcrum_pid
  start_fulcrum floor "$floor_dll" "${FLOOR_ENV:-}"
  floor_pid=$fulcrum_pid
  fulcrum_pid=$main_pid
  wait_ready "http://127.0.0.1:$((base + 4))/10b" "$floor_pid" "$work/floor.log" || exit 1
  bench_load "$warmup" "http://127.0.0.1:$((base + 4))/10b" > /dev/null 2>&1
  proxies+=(floor)
fi
bench_load "$warmup" "http://127.0.0.1:$((base + 2))/10b" > /dev/null 2>&1

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

load="wrk -t1 -c64 -d5s"; [ -n "${H2C:-}" ] && load="h2load -t1 -c64 -m10 -D 5 (h2c)"
echo "$load on /10b per proxy and round, alternating; Fulcrum warmed up ${warmup}s first"
echo "| round | proxy | req/s | user µs/req | kernel µs/req | total µs/req |"
echo "|---:|---|---:|---:|---:|---:|"
for round in $(seq "$rounds"); do
  for proxy in "${proxies[@]}"; do
    pid=$peer_pid; port=$peer_port
    [ "$proxy" = fulcrum ] && { pid=$fulcrum_pid; port=$((base + 2)); }
    [ "$proxy" = floor ] && { pid=$floor_pid; port=$((base + 4)); }
    before=($(user_sys_ticks "$pid"))
    bench_load 5 "http://127.0.0.1:$port/10b" > "$work/wrk.txt" 2>&1
    after=($(user_sys_ticks "$pid"))
    awk -v r="$round" -v p="$proxy" -v u=$((after[0] - before[0])) -v s=$((after[1] - before[1])) -v tck="$clk_tck" '
      / requests in / { n = $1 } /^Requests\/sec:/ { rps = $2 }
      END { if (n > 0) printf "| %d | %s | %.0f | %.1f | %.1f | %.1f |\n", r, p, rps, u * 1e6 / tck / n, s * 1e6 / tck / n, (u + s) * 1e6 / tck / n }' "$work/wrk.txt"
  done
done
