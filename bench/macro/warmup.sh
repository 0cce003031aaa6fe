#!/usr/bin/env bash
# How long Fulcrum takes to reach full speed: a fresh Fulcrum in front of the same nginx backend as run.sh, under
# `wrk -t1 -c64` on /10b in consecutive 5 s windows, printing per window req/s, proxy CPU µs per request, the share of
# the proxy core (CPU 1) other processes took, and Fulcrum's resident memory.
#
#   bash bench/macro/warmup.sh [WINDOWS]                              # default 12 windows (60 s of load)
#   FULCRUM_ENV='DOTNET_TieredCompilation=0' bash bench/macro/warmup.sh   # the same with runtime settings
#   IDLE_SECONDS=45 bash bench/macro/warmup.sh                        # idle that long after start before loading
#
# Needs what run.sh installs (`bash bench/macro/run.sh --install-only`) and a Release build
# (`dotnet build src/Fulcrum -c Release`; or FULCRUM_DLL=path). Bounded by `timeout`; processes ended by PID.
set -uo pipefail

windows=${1:-12}
idle=${IDLE_SECONDS:-0}
if [ -z "${FULCRUM_WARMUP_CHILD:-}" ]; then
  FULCRUM_WARMUP_CHILD=1 exec timeout --kill-after=5 $((windows * 7 + idle + 40)) bash "$0" "$@"
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
dll=${FULCRUM_DLL:-$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll}
clk_tck=$(getconf CLK_TCK)

source "$repo/bench/macro/lib.sh"
require_dll "$dll"
bench_base_port "${BENCH_BASE_PORT:-$(seq 21500 100 31900)}" "0 3"

bench_setup fulcrum-warmup
start_backend "$base"
single_route_yaml $((base + 3)) "$base" > "$work/fulcrum.yaml"
start_fulcrum fulcrum "$dll" "${FULCRUM_ENV:-}"
fulcrum=$fulcrum_pid
wait_ready "http://127.0.0.1:$((base + 3))/10b" "$fulcrum" "$work/fulcrum.log" || exit 1
started=$SECONDS
sleep "$idle"


echo "Fulcrum warm-up: wrk -t1 -c64 -d5s windows on /10b; FULCRUM_ENV='${FULCRUM_ENV:-}', idle ${idle}s first"
echo "| since start | req/s | proxy CPU µs/req | other load on CPU 1 | RSS |"
echo "|---:|---:|---:|---:|---:|"
for _ in $(seq "$windows"); do
  before=$(cpu_ticks "$fulcrum"); core_before=($(cpu1_ticks))
  taskset -c 0 timeout 20 wrk -t1 -c64 -d5s "http://127.0.0.1:$((base + 3))/10b" > "$work/wrk.txt" 2>&1
  after=$(cpu_ticks "$fulcrum"); core_after=($(cpu1_ticks))
  awk -v t=$((SECONDS - started)) -v d=$((after - before)) -v tck="$clk_tck" \
    -v busy=$((core_after[0] - core_before[0])) -v total=$((core_after[1] - core_before[1])) \
    -v rss="$(awk '/^VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$fulcrum/status")" '
    / requests in / { requests = $1 } /^Requests\/sec:/ { rps = $2 }
    END {
      other = total > 0 ? 100 * (busy - d) / total : 0
      printf "| %d s | %.0f | %.1f | %.0f %% | %s |\n", t, rps, (requests > 0 ? d * 1000000 / tck / requests : 0), (other < 0 ? 0 : other), rss
    }' "$work/wrk.txt"
done
