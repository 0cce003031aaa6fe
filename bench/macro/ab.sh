#!/usr/bin/env bash
# A/B of Fulcrum runtime settings: two fresh Fulcrums in front of the same nginx backend (the one run.sh uses),
# both pinned to CPU 1, each warmed up, then measured alternately in WINDOWS rounds of `wrk -t1 -cC -dD` on /10b,
# printing per round and target req/s and proxy CPU µs per request, then the B/A ratio of the means.
# Both targets see the same machine load, so the ratio means something on a shared machine even when the
# absolute figures do not.
#
#   A_ENV='DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0' B_ENV='' bash bench/macro/ab.sh [WINDOWS]   # B: fulcrum's defaults
#   A_DLL=... B_DLL=...     compare two builds (default: both the Release build of this checkout)
#   CONNECTIONS=64 SECONDS_PER_RUN=5 WARMUP_SECONDS=30
#   H2C=1                   h2c (prior knowledge) with h2load -m10 instead of HTTP/1.1 with wrk
#   CLOSE=1                 a new connection per request (wrk -H 'Connection: close'; run.sh uses CONNECTIONS=16)
#
# Needs nginx and wrk (bash bench/macro/run.sh --install-only). Bounded by `timeout`; processes ended by PID.
set -uo pipefail

windows=${1:-6}
run_seconds=${SECONDS_PER_RUN:-5}
warmup=${WARMUP_SECONDS:-30}
connections=${CONNECTIONS:-64}
if [ -z "${FULCRUM_AB_CHILD:-}" ]; then
  FULCRUM_AB_CHILD=1 exec timeout --kill-after=5 $((windows * (2 * run_seconds + 4) + 2 * warmup + 60)) bash "$0" "$@"
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
default_dll=$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll
a_dll=${A_DLL:-$default_dll}
b_dll=${B_DLL:-$default_dll}
clk_tck=$(getconf CLK_TCK)

source "$repo/bench/macro/lib.sh"
require_dll "$a_dll" "$b_dll"
bench_base_port "${BENCH_BASE_PORT:-$(seq 22500 100 31900)}" "0 1 2"

bench_setup fulcrum-ab
start_backend "$base"
single_route_yaml $((base + 1)) "$base" ${H2C:+http2} > "$work/a.yaml"
single_route_yaml $((base + 2)) "$base" ${H2C:+http2} > "$work/b.yaml"
start_fulcrum a "$a_dll" "${A_ENV:-}"
a_pid=$fulcrum_pid
start_fulcrum b "$b_dll" "${B_ENV:-}"
b_pid=$fulcrum_pid
wait_ready "http://127.0.0.1:$((base + 1))/10b" "$a_pid" "$work/a.log" || exit 1
wait_ready "http://127.0.0.1:$((base + 2))/10b" "$b_pid" "$work/b.log" || exit 1

path=${BENCH_PATH:-/10b}
measure() { # pid port seconds -> "rps us_per_req"
  local before after
  before=$(cpu_ticks "$1")
  if [ -n "${H2C:-}" ]; then
    # h2c with prior knowledge, as run.sh's h2c row: 64 connections x 10 streams.
    taskset -c 0 timeout $(($3 + 10)) h2load -t1 -c"$connections" -m10 -D "$3" "http://127.0.0.1:$2$path" > "$work/load.txt" 2>&1
  else
    taskset -c 0 timeout $(($3 + 10)) wrk -t1 -c"$connections" ${CLOSE:+-H 'Connection: close'} -d"$3"s "http://127.0.0.1:$2$path" > "$work/load.txt" 2>&1
  fi
  after=$(cpu_ticks "$1")
  awk -v d=$((after - before)) -v tck="$clk_tck" '
    / requests in / { requests = $1 } /^Requests\/sec:/ { rps = $2 }
    /^finished in/ { rps = $4 } /^requests:/ { requests = $8 }
    END { printf "%.0f %.1f\n", rps, (requests > 0 ? d * 1000000 / tck / requests : 0) }' "$work/load.txt"
}

echo "A: ${A_ENV:-(default)} ${A_DLL:+($a_dll)}"
echo "B: ${B_ENV:-(default)} ${B_DLL:+($b_dll)}"
load="wrk -t1 -c$connections${CLOSE:+ -H 'Connection: close'} -d${run_seconds}s"
[ -n "${H2C:-}" ] && load="h2load -t1 -c$connections -m10 -D $run_seconds (h2c)"
echo "warm-up ${warmup}s each; $load on $path, alternating"
measure "$a_pid" $((base + 1)) "$warmup" > /dev/null
measure "$b_pid" $((base + 2)) "$warmup" > /dev/null
echo "| round | A req/s | A µs/req | B req/s | B µs/req |"
echo "|---:|---:|---:|---:|---:|"
results=()
for round in $(seq "$windows"); do
  if [ $((round % 2)) -eq 1 ]; then
    a=$(measure "$a_pid" $((base + 1)) "$run_seconds"); b=$(measure "$b_pid" $((base + 2)) "$run_seconds")
  else
    b=$(measure "$b_pid" $((base + 2)) "$run_seconds"); a=$(measure "$a_pid" $((base + 1)) "$run_seconds")
  fi
  echo "| $round | ${a% *} | ${a#* } | ${b% *} | ${b#* } |"
  results+=("$a $b")
done
printf '%s\n' "${results[@]}" | awk '
  { ar += $1; ac += $2; br += $3; bc += $4; n++ }
  END { printf "means: A %.0f req/s %.1f µs/req; B %.0f req/s %.1f µs/req; B/A req/s %.2f×, CPU/req %.2f×\n", ar/n, ac/n, br/n, bc/n, br/ar, bc/ac }'
