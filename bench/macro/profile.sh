#!/usr/bin/env bash
# Where a steady Fulcrum spends its CPU under HTTP/1.1 keep-alive load, and how many syscalls a request costs.
# The same setup as ab.sh (one nginx backend on CPU 0, Fulcrum pinned to CPU 1, wrk on CPU 0):
#   1. WARMUP_SECONDS (default 10) of wrk -t1 -cC on /10b, not measured;
#   2. perf record -g (cpu-clock, 999 Hz) on Fulcrum for SECONDS (default 10) under the same load, Fulcrum started
#      with DOTNET_PerfMapEnabled=1 so JIT-compiled frames have names; prints the share per DSO and the top
#      self-time symbols (perf report --no-children), and keeps perf.data in OUT (default /tmp/fulcrum-profile);
#   3. strace -c -f on Fulcrum while wrk runs SECONDS more: syscalls per completed request, by name
#      (strace slows the process: the rates in this step are not throughput figures);
#   4. when dotnet-counters is installed (dotnet tool install -g dotnet-counters): bytes allocated, thread-pool work
#      items and lock contentions per request, and GCs per 10,000 requests, over SECONDS more of load;
#   5. when dotnet-trace is installed and bench/Fulcrum.Benchmarks is built: what those bytes are, by type (sampled).
#
#   bash bench/macro/profile.sh [SECONDS]        FULCRUM_DLL=... CONNECTIONS=64 URL_PATH=/10b FULCRUM_ENV='K=V ...'
#   PERF_EVENT=cpu-clock:u samples user mode only (inclusive figures then leave the kernel out)
#   H2C=1 loads an h2c listener with h2load -m10 instead of HTTP/1.1 with wrk
#   CLOSE=1 sends every request on a new connection (wrk -H 'Connection: close'; use CONNECTIONS=16 as run.sh does)
#
# Needs nginx, wrk, perf (linux-perf) and strace; installs the last two with apt-get when missing.
# Bounded by `timeout`; every process it starts is ended by PID.
set -uo pipefail

seconds=${1:-10}
warmup=${WARMUP_SECONDS:-10}
connections=${CONNECTIONS:-64}
url_path=${URL_PATH:-/10b}
out=${OUT:-/tmp/fulcrum-profile}
if [ -z "${FULCRUM_PROFILE_CHILD:-}" ]; then
  FULCRUM_PROFILE_CHILD=1 exec timeout --kill-after=5 $((warmup + 4 * seconds + 270)) bash "$0" "$@"
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
dll=${FULCRUM_DLL:-$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll}
source "$repo/bench/macro/lib.sh"
require_dll "$dll"
for tool in perf:linux-perf strace:strace; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq "${tool#*:}" >/dev/null 2>&1
  command -v "${tool%%:*}" >/dev/null 2>&1 || { echo "${tool%%:*} is missing and could not be installed" >&2; exit 1; }
done

bench_base_port "${BENCH_BASE_PORT:-$(seq 23500 100 31900)}" "0 1"
bench_setup fulcrum-prof
mkdir -p "$out"
start_backend "$base"
single_route_yaml $((base + 1)) "$base" ${H2C:+http2} > "$work/fulcrum.yaml"
# W^X double mapping hides JIT-compiled code from perf (frames show as memfd:doublemapper): off while profiling.
start_fulcrum fulcrum "$dll" "DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 ${FULCRUM_ENV:-}"
fulcrum=$fulcrum_pid
url="http://127.0.0.1:$((base + 1))$url_path"
wait_ready "$url" "$fulcrum" "$work/fulcrum.log" || exit 1

load() { CONNECTIONS=$connections bench_load "$1" "$url"; }
requests_of() { awk '/ requests in / { print $1 }' "$1"; }

echo "warm-up: ${warmup}s of ${H2C:+h2c }load, $connections connections, on $url_path" >&2
load "$warmup" > /dev/null

echo "perf record: ${seconds}s" >&2
load $((seconds + 2)) > "$work/perf-wrk.txt" &
loader=$!
perf record -F 999 -g -e "${PERF_EVENT:-cpu-clock}" -p "$fulcrum" -o "$out/perf.data" -- sleep "$seconds" 2> /dev/null
wait "$loader"
cp "/tmp/perf-$fulcrum.map" "$out/" 2>/dev/null

echo "strace -c: ${seconds}s" >&2
timeout $((seconds + 30)) strace -c -f -o "$work/strace.txt" -p "$fulcrum" \
  -e trace=network,epoll_wait,epoll_pwait,epoll_ctl,futex,sched_yield,read,write,poll,ppoll 2> /dev/null &
tracer=$!
sleep 1   # attached to every thread before the first request
load "$seconds" > "$work/strace-wrk.txt"
kill -INT "$tracer" 2>/dev/null
wait "$tracer" 2>/dev/null
traced_requests=$(requests_of "$work/strace-wrk.txt")

counters=$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")
if [ -x "$counters" ]; then
  echo "dotnet-counters: ${seconds}s" >&2
  load $((seconds + 2)) > "$work/counters-wrk.txt" &
  loader=$!
  timeout $((seconds + 30)) "$counters" collect -p "$fulcrum" --counters System.Runtime --format csv -o "$work/counters.csv" \
    --refresh-interval 1 --duration "$(printf '00:00:%02d' $((seconds + 1)))" > "$work/counters.log" 2>&1
  wait "$loader"
fi

# Allocations by type: dotnet-trace's gc-verbose profile (an AllocationTick event per ~100 KB allocated, naming the
# type), summed by bench/Fulcrum.Benchmarks --allocations.
tracer_tool=$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")
report_dll=$repo/bench/Fulcrum.Benchmarks/bin/Release/net10.0/Fulcrum.Benchmarks.dll
if [ -x "$tracer_tool" ] && [ -f "$report_dll" ]; then
  echo "dotnet-trace gc-verbose: ${seconds}s" >&2
  load $((seconds + 2)) > /dev/null &
  loader=$!
  timeout $((seconds + 30)) "$tracer_tool" collect -p "$fulcrum" --profile gc-verbose \
    --duration "$(printf '00:00:00:%02d' "$seconds")" -o "$out/allocations.nettrace" > "$work/trace.log" 2>&1
  wait "$loader"
fi

echo
echo "## Load under perf: $(grep -E 'Requests/sec' "$work/perf-wrk.txt")"
echo
echo "## CPU by DSO (self time)"
perf report -i "$out/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo
echo "## Top symbols (self time)"
perf report -i "$out/perf.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -${TOP:-45}
echo
echo "## Top symbols (inclusive: self and callees)"
perf report -i "$out/perf.data" --children --sort sym --stdio -g none 2>/dev/null | grep -E '^ +[0-9]' | head -${TOP:-45}
echo
echo "## Syscalls per request ($traced_requests requests, all while traced)"
awk -v n="$traced_requests" '$1 ~ /^[0-9.]+$/ && NF >= 5 { calls = $4; name = $NF; if (name != "total" && n > 0) printf "%-16s %6.2f\n", name, calls / n }' "$work/strace.txt" | sort -k2 -nr
per_request=
if [ -f "$work/counters.csv" ]; then
  echo
  echo "## Allocation and GC per request (dotnet-counters, $seconds s of the same load)"
  # Per-second rates (one row a second; the first, which holds the session's own start, left out): their means,
  # against wrk's request rate over the same load.
  read -r per_request gcs items contentions rps < <(awk -F, -v rps="$(awk '/^Requests\/sec:/ { print $2 }' "$work/counters-wrk.txt")" '
    $1 != first && first != "" && /gc.heap.total_allocated/ { alloc += $NF; n++ }
    $1 != first && first != "" && /gc.collections/ { gcs += $NF }
    $1 != first && first != "" && /thread_pool.work_item.count/ { items += $NF }
    $1 != first && first != "" && /monitor.lock_contentions/ { contentions += $NF }
    first == "" && NR > 1 { first = $1 }
    END { if (rps > 0 && n > 0) printf "%.0f %.1f %.2f %.3f %.0f\n", alloc / n / rps, gcs / n / rps * 10000, items / n / rps, contentions / n / rps, rps }' "$work/counters.csv")
  [ -n "$per_request" ] && echo "allocated $per_request B per request; $gcs GCs per 10,000 requests (at $rps req/s)"
  [ -n "$per_request" ] && echo "thread-pool work items $items per request; lock contentions $contentions per request"
fi
if [ -f "$out/allocations.nettrace" ]; then
  echo
  echo "## Allocations by type ($seconds s of the same load, sampled; B/request from the figure above)"
  dotnet "$report_dll" --allocations "$out/allocations.nettrace" ${per_request:-}
fi
echo
echo "perf.data and the perf map are in $out (perf report -i $out/perf.data)"
