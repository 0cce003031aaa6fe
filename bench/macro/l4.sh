#!/usr/bin/env bash
# Layer 4: TCP through Fulcrum against HAProxy (mode tcp) and direct, in one run.
#
#   bash bench/macro/l4.sh            # measure and print a markdown table
#   bash bench/macro/l4.sh --record   # ... and append it, with the date, command and load, to bench/RESULTS.md
#
# What runs (each from its own directory under one temp dir, its PID recorded, killed by PID at exit):
#   iperf3 -s               CPU 0, the throughput destination
#   echo server (python3)   CPU 0, the round-trip destination (answers each 64 B message on one connection)
#   haproxy                 CPU 1, 1 thread, mode tcp, two frontends (iperf3, echo)
#   fulcrum                 CPU 1, two tcp listeners (iperf3, echo), dotnet src/Fulcrum/bin/Release/net10.0/fulcrum.dll
#   iperf3 -c, rr client    CPU 0
# Scenarios, each target in turn (direct, haproxy, fulcrum): iperf3 one stream client→server, the same reversed
# (-R, server→client), and sequential 64 B request/response round trips on one connection (p50/p99, round trips/s).
# Fulcrum is warmed up first (iperf3 and round trips, not measured). Proxy CPU = the proxy's utime+stime from
# /proc/PID/stat over the run, per MiB moved or per round trip. The load average is printed at start and end:
# the machine is shared, so quote ratios from one run only.
# Environment: FULCRUM_DLL=path skips the build; L4_RUN_SECONDS (default 8) per run. The whole script runs under
# a 170 s deadline.
set -uo pipefail

if [ -z "${FULCRUM_L4_CHILD:-}" ]; then
  FULCRUM_L4_CHILD=1 exec timeout --kill-after=5 170 bash "$0" "$@"
fi

record=0
for arg in "$@"; do
  case "$arg" in
    --record) record=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
command_line="bash bench/macro/l4.sh $*"
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
duration=${L4_RUN_SECONDS:-8}
clk_tck=$(getconf CLK_TCK)
log() { printf '[%3ds] %s\n' "$SECONDS" "$*" >&2; }

missing=()
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v iperf3 >/dev/null 2>&1 || missing+=(iperf3)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
fi

work=$(mktemp -d /tmp/fulcrum-l4-bench.XXXXXX)
declare -A pid_of=()
source "$repo/bench/macro/lib.sh"
cleanup() {
  trap - EXIT INT TERM
  stop_pids "${pid_of[@]}"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

base=$(free_port_block "$(seq 32000 10 32900)" "0 1 2 3 4 5")
[ -n "$base" ] || { echo "no free block of loopback ports" >&2; exit 1; }
p_iperf=$base; p_echo=$((base + 1)); p_haproxy_iperf=$((base + 2)); p_haproxy_echo=$((base + 3))
p_fulcrum_iperf=$((base + 4)); p_fulcrum_echo=$((base + 5))

# ----- destinations (CPU 0)
(cd "$work" && exec taskset -c 0 iperf3 -s -B 127.0.0.1 -p $p_iperf > "$work/iperf3-server.log" 2>&1) &
pid_of[iperf3]=$!
cat > "$work/rr.py" <<'PY'
import socket, sys, time
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(16)
    while True:
        c, _ = s.accept(); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                data = c.recv(65536)
                if not data: break
                c.sendall(data)
        except OSError: pass
        c.close()
def client(port, seconds):
    c = socket.create_connection(("127.0.0.1", port)); c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    message = b"x" * 64; samples = []; end = time.perf_counter() + seconds
    while True:
        t = time.perf_counter()
        if t > end: break
        c.sendall(message); got = 0
        while got < 64:
            chunk = c.recv(64 - got)
            if not chunk: raise SystemExit("connection closed")
            got += len(chunk)
        samples.append(time.perf_counter() - t)
    c.close(); samples.sort(); n = len(samples)
    print("%d,%.1f,%.1f,%.0f" % (n, samples[n // 2] * 1e6, samples[int(n * 0.99)] * 1e6, n / seconds))
if sys.argv[1] == "serve": serve(int(sys.argv[2]))
else: client(int(sys.argv[2]), float(sys.argv[3]))
PY
(cd "$work" && exec taskset -c 0 python3 "$work/rr.py" serve $p_echo > "$work/echo.log" 2>&1) &
pid_of[echo]=$!

# ----- HAProxy, mode tcp, one thread on CPU 1
cat > "$work/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 1000
defaults
  mode tcp
  timeout connect 5s
  timeout client 1m
  timeout server 1m
listen iperf
  bind 127.0.0.1:$p_haproxy_iperf
  server iperf 127.0.0.1:$p_iperf
listen echo
  bind 127.0.0.1:$p_haproxy_echo
  server echo 127.0.0.1:$p_echo
EOF
(cd "$work" && exec taskset -c 1 haproxy -db -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1) &
pid_of[haproxy]=$!

# ----- Fulcrum, CPU 1
fulcrum_dll=${FULCRUM_DLL:-}
if [ -z "$fulcrum_dll" ]; then
  log "building Fulcrum (Release)"
  timeout 300 dotnet build "$repo/src/Fulcrum" -c Release -nologo -v quiet > "$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
  fulcrum_dll="$repo/src/Fulcrum/bin/Release/net10.0/fulcrum.dll"
fi
cat > "$work/fulcrum.yaml" <<EOF
listeners:
  iperf: { protocol: tcp, address: "127.0.0.1:$p_fulcrum_iperf" }
  echo: { protocol: tcp, address: "127.0.0.1:$p_fulcrum_echo" }
routes:
  iperf: { listeners: [iperf], cluster: iperf }
  echo: { listeners: [echo], cluster: echo }
clusters:
  iperf: { protocol: tcp, destinations: { d: { address: "127.0.0.1:$p_iperf" } } }
  echo: { protocol: tcp, destinations: { d: { address: "127.0.0.1:$p_echo" } } }
EOF
(cd "$work" && exec taskset -c 1 dotnet "$fulcrum_dll" --config "$work/fulcrum.yaml" > "$work/fulcrum.log" 2>&1) &
pid_of[fulcrum]=$!

for port in $p_iperf $p_echo $p_haproxy_iperf $p_fulcrum_iperf $p_fulcrum_echo; do
  for _ in $(seq 150); do port_free "$port" || break; sleep 0.1; done
  port_free "$port" && { log "port $port never opened"; tail -20 "$work"/*.log >&2; exit 1; }
done

results="$work/results.csv"
: > "$results"
declare -A iperf_port=([direct]=$p_iperf [haproxy]=$p_haproxy_iperf [fulcrum]=$p_fulcrum_iperf)
declare -A echo_port=([direct]=$p_echo [haproxy]=$p_haproxy_echo [fulcrum]=$p_fulcrum_echo)

# iperf_run SCENARIO TARGET [-R]
iperf_run() {
  local scenario=$1 target=$2 reverse=${3:-} before=0 after=0
  [ "$target" != direct ] && before=$(cpu_ticks "${pid_of[$target]}")
  taskset -c 0 timeout $((duration + 15)) iperf3 -c 127.0.0.1 -p "${iperf_port[$target]}" -t "$duration" $reverse -J > "$work/iperf.json" 2>&1
  [ "$target" != direct ] && after=$(cpu_ticks "${pid_of[$target]}")
  local line
  line=$(python3 - "$work/iperf.json" $((after - before)) "$clk_tck" "$target" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); ticks, tck, target = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = r["end"]["sum_received"]; mib = s["bytes"] / 1048576
cpu = "" if target == "direct" else "%.1f" % (ticks * 1e6 / tck / mib)
print("%.2f,%s" % (s["bits_per_second"] / 1e9, cpu))
PY
)
  echo "$scenario,$target,$line" >> "$results"
  log "$scenario $target: $line (Gbit/s, proxy µs/MiB)"
}

rr_run() {
  local target=$1 before=0 after=0
  [ "$target" != direct ] && before=$(cpu_ticks "${pid_of[$target]}")
  local out
  out=$(taskset -c 0 timeout $((duration + 15)) python3 "$work/rr.py" client "${echo_port[$target]}" "$duration")
  [ "$target" != direct ] && after=$(cpu_ticks "${pid_of[$target]}")
  local n=${out%%,*} cpu=""
  [ "$target" != direct ] && cpu=$(awk -v t=$((after - before)) -v tck="$clk_tck" -v n="$n" 'BEGIN { printf "%.1f", t * 1e6 / tck / n }')
  echo "rr,$target,$out,$cpu" >> "$results"
  log "rr $target: $out,$cpu (round trips, p50 µs, p99 µs, rt/s, proxy µs/rt)"
}

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "warm-up: Fulcrum (not measured)"
taskset -c 0 timeout 20 iperf3 -c 127.0.0.1 -p $p_fulcrum_iperf -t 4 > /dev/null 2>&1
taskset -c 0 timeout 20 python3 "$work/rr.py" client $p_fulcrum_echo 4 > /dev/null
for target in direct haproxy fulcrum; do iperf_run "iperf3 1 stream client→server" "$target"; done
for target in direct haproxy fulcrum; do iperf_run "iperf3 1 stream server→client (-R)" "$target" -R; done
for target in direct haproxy fulcrum; do rr_run "$target"; done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

table=$(awk -F, '
  $1 != "rr" { key = $1; rate[key, $2] = $3; cpu[key, $2] = $4; if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
  $1 == "rr" { rt[$2] = $6; p50[$2] = $4; p99[$2] = $5; rcpu[$2] = $7 }
  function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.2f×", a / b) : "–" }
  END {
    print "| scenario | target | rate | ×direct | ×haproxy | p50 | p99 | proxy CPU | CPU ×haproxy |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
      k = order[i]
      split("direct haproxy fulcrum", targets, " ")
      for (j = 1; j <= 3; j++) {
        t = targets[j]
        printf "| %s | %s | %.2f Gbit/s | %s | %s | | | %s | %s |\n", k, t, rate[k, t], ratio(rate[k, t], rate[k, "direct"]),
          ratio(rate[k, t], rate[k, "haproxy"]), (cpu[k, t] == "" ? "–" : cpu[k, t] " µs/MiB"), ratio(cpu[k, t], cpu[k, "haproxy"])
      }
    }
    split("direct haproxy fulcrum", targets, " ")
    for (j = 1; j <= 3; j++) {
      t = targets[j]
      printf "| 64 B round trips, 1 connection | %s | %.0f rt/s | %s | %s | %.0f µs | %.0f µs | %s | %s |\n", t, rt[t], ratio(rt[t], rt["direct"]),
        ratio(rt[t], rt["haproxy"]), p50[t], p99[t], (rcpu[t] == "" ? "–" : rcpu[t] " µs/rt"), ratio(rcpu[t], rcpu["haproxy"])
    }
  }' "$results")

warnings=$(grep -cE '^[0-9:.]+ (warn|fail|crit):|^(warn|fail|crit):' "$work/fulcrum.log")
report="### L4 TCP: Fulcrum vs HAProxy mode tcp vs direct ($started_at)

Command: \`$command_line\` — $duration s per run, one run each, proxies pinned to CPU 1 (one thread), iperf3 and
the round-trip client/server on CPU 0. Load average (1/5/15 min) at start $load_start, at end $load_end: the
machine is shared, so compare targets within this run only. Fulcrum warnings in its log: $warnings.

$table
"
printf '%s\n' "$report"
if [ "$record" -eq 1 ]; then
  printf '\n%s' "$report" >> "$repo/bench/RESULTS.md"
  log "appended to bench/RESULTS.md"
fi
