#!/usr/bin/env bash
# Soak and fuzz Fulcrum (not part of ./test.sh or CI): bounded in time, loopback only, every process killed by PID.
#
#   bash bench/soak/run.sh              # soak, then fuzz; print the figures
#   bash bench/soak/run.sh --record     # ... and append them, with the date and command, to bench/RESULTS.md
#
# Soak: a `fulcrum` process (Release build) in front of two demo backends (`fulcrum backends --base-port 0`), driven by
# wrk for SOAK_SECONDS (default 300) in windows of WINDOW_SECONDS (default 30) that alternate keep-alive load and
# connection churn (`Connection: close`, a new TCP connection per request). After each window the gateway's RSS
# (/proc/PID/status VmRSS), open file descriptors (/proc/PID/fd) and threads are sampled and printed. The run fails
# if, against the first sample, RSS grew by more than 25% + 16 MiB or descriptors by more than 16, or if wrk saw
# errors other than the churn windows' closes (a request unanswered after 5 s counts as one).
#
# Fuzz: three parsers under SharpFuzz + afl++ for FUZZ_SECONDS each (default 120), with Fulcrum.Core.dll and
# YamlDotNet.dll instrumented: the config loader (ConfigLoader.LoadText, seeded with examples/*.yaml), the PROXY
# protocol parser (v1/v2 seeds) and the TLS ClientHello parser (a ClientHello captured from openssl s_client).
# Crashes are copied to bench/soak/crashes/NAME/; each belongs in the parser's unit tests as a regression.
#
# Environment: SOAK_SECONDS, WINDOW_SECONDS, FUZZ_SECONDS (0 skips fuzzing), SOAK_CONNECTIONS (default 16),
# FULCRUM_DLL (skip the build and soak that fulcrum.dll). Load runs under `nice` so that a shared machine stays usable.
set -uo pipefail

soak_seconds=${SOAK_SECONDS:-300}
window=${WINDOW_SECONDS:-30}
fuzz_seconds=${FUZZ_SECONDS:-120}
connections=${SOAK_CONNECTIONS:-16}
if [ -z "${FULCRUM_SOAK_CHILD:-}" ]; then
  # Install, build, soak and fuzz under one hard deadline.
  FULCRUM_SOAK_CHILD=1 exec timeout --kill-after=5 $((soak_seconds + 3 * fuzz_seconds + 600)) bash "$0" "$@"
fi

record=0
for arg in "$@"; do
  case "$arg" in
    --record) record=1 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
command_line="bash bench/soak/run.sh $*"
started_at=$(date -u '+%Y-%m-%d %H:%M UTC')
work=$(mktemp -d /tmp/fulcrum-soak.XXXXXX)
pids=()
log() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# ----------------------------------------------------------------------------------------------------------- install
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
[ "$fuzz_seconds" -eq 0 ] || command -v afl-fuzz >/dev/null 2>&1 || missing+=(afl++)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || { echo "cannot install ${missing[*]}" >&2; exit 1; }
fi

dll=${FULCRUM_DLL:-}
if [ -z "$dll" ]; then
  log "building src/Fulcrum (Release)"
  dotnet build "$repo/src/Fulcrum" -c Release -nologo -v quiet -o "$work/fulcrum" >/dev/null || { echo "build failed" >&2; exit 1; }
  dll="$work/fulcrum/fulcrum.dll"
fi

# -------------------------------------------------------------------------------------------------------------- soak
wait_for_line() { # file pattern seconds
  local deadline=$((SECONDS + $3))
  until grep -qE "$2" "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || { echo "timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1; }
    sleep 0.2
  done
}

dotnet "$dll" backends --base-port 0 >"$work/backends.log" 2>&1 &
pids+=($!)
wait_for_line "$work/backends.log" '^voice-1 ' 60 || exit 1
text1=$(awk '$1 == "text-1" { print $2 }' "$work/backends.log")
text2=$(awk '$1 == "text-2" { print $2 }' "$work/backends.log")

cat >"$work/fulcrum.yaml" <<EOF
listeners:
  web: { protocol: http, address: 127.0.0.1:0 }
routes:
  text: { match: { pathPrefix: /text }, cluster: text }
clusters:
  text:
    destinations: { t1: { address: "$text1" }, t2: { address: "$text2" } }
    healthCheck: { active: { path: /healthz, interval: 2s } }
EOF
nice -n 5 dotnet "$dll" --config "$work/fulcrum.yaml" --log-level warning >"$work/fulcrum.log" 2>&1 &
gateway=$!
pids+=($gateway)
wait_for_line "$work/fulcrum.log" '^listening: web ' 60 || exit 1
url=$(awk '$1 == "listening:" && $2 == "web" { print $3 }' "$work/fulcrum.log")
log "fulcrum pid $gateway at $url; backends $text1 $text2"

sample() { # prints: rss_kib fds threads
  local rss threads fds
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$gateway/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$gateway/status")
  fds=$(ls "/proc/$gateway/fd" | wc -l)
  echo "$rss $fds $threads"
}

rows=()
total_requests=0
errors=0
windows=$(( (soak_seconds + window - 1) / window ))
for ((i = 1; i <= windows; i++)); do
  if (( i % 2 == 1 )); then mode=keep-alive; header=(); else mode=churn; header=(-H "Connection: close"); fi
  nice -n 5 wrk -t 1 -c "$connections" -d "${window}s" --timeout 5s --latency "${header[@]}" "$url/text" >"$work/wrk.out" 2>&1
  requests=$(awk '/requests in/ { print $1 }' "$work/wrk.out")
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$work/wrk.out")
  p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.out")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk.out")
  socket_errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$work/wrk.out")
  socket_detail=$(awk '/Socket errors/ { gsub(",", ""); printf "connect %s read %s write %s timeout %s", $4, $6, $8, $10 }' "$work/wrk.out")
  [ -n "$requests" ] || { echo "wrk failed:" >&2; cat "$work/wrk.out" >&2; exit 1; }
  total_requests=$((total_requests + requests))
  # Under churn wrk counts the server's close after each answered request as a read error; only keep-alive windows
  # count socket errors as failures. Non-2xx answers count in both.
  window_errors=${non2xx:-0}
  [ "$mode" = churn ] || window_errors=$((window_errors + ${socket_errors:-0}))
  errors=$((errors + window_errors))
  read -r rss fds threads < <(sample)
  [ $i -gt 1 ] || { base_rss=$rss; base_fds=$fds; }
  rows+=("| $((i * window))s | $mode | $requests | $rps | $p99 | ${non2xx:-0} | ${socket_errors:-0} | $((rss / 1024)) | $fds | $threads |")
  log "window $i/$windows $mode: $requests requests, $rps req/s, p99 $p99, non-2xx ${non2xx:-0}, socket errors ${socket_errors:-0}${socket_detail:+ ($socket_detail)}; RSS $((rss / 1024)) MiB, fds $fds, threads $threads"
done

rss_limit=$(( base_rss * 125 / 100 + 16 * 1024 ))
fds_limit=$(( base_fds + 16 ))
verdict=PASS
[ "$rss" -le "$rss_limit" ] || verdict="FAIL (RSS $((rss / 1024)) MiB > $((rss_limit / 1024)) MiB)"
[ "$fds" -le "$fds_limit" ] || verdict="FAIL (fds $fds > $fds_limit)"
[ "$errors" -eq 0 ] || verdict="FAIL ($errors failed requests)"
kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null

# -------------------------------------------------------------------------------------------------------------- fuzz
fuzz_lines=()
fuzz_target() { # name seeds-dir: runs afl-fuzz on one parser for FUZZ_SECONDS and records its figures
  local name=$1 seeds=$2 stats crashes hangs line
  log "fuzz $name: afl-fuzz for ${fuzz_seconds}s"
  AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    nice -n 5 afl-fuzz -V "$fuzz_seconds" -i "$seeds" -o "$work/findings-$name" -t 10000 -m none -- dotnet "$work/fuzz/Fulcrum.Fuzz.dll" "$name" \
    >"$work/afl-$name.log" 2>&1
  stats="$work/findings-$name/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz did not run for $name:" >&2; tail -30 "$work/afl-$name.log" >&2; exit 1
  fi
  stat() { awk -F': *' -v key="$1" '$1 ~ "^" key " *$" { print $2 }' "$stats"; }
  crashes=$(stat saved_crashes); hangs=$(stat saved_hangs)
  line="$name: $(stat execs_done) execs ($(stat execs_per_sec)/s), corpus $(stat corpus_count), crashes ${crashes:-0}, hangs ${hangs:-0}"
  if [ "${crashes:-0}" -gt 0 ]; then
    mkdir -p "$repo/bench/soak/crashes/$name"
    cp "$work/findings-$name"/default/crashes/id* "$repo/bench/soak/crashes/$name/" 2>/dev/null
    line="$line (copied to bench/soak/crashes/$name/)"
    verdict="FAIL (fuzz crashes)"
  fi
  log "$line"
  fuzz_lines+=("$line")
}

if [ "$fuzz_seconds" -gt 0 ]; then
  log "fuzz: installing SharpFuzz.CommandLine 2.3.0, publishing the harness"
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null || { echo "cannot install SharpFuzz.CommandLine" >&2; exit 1; }
  dotnet publish "$repo/bench/soak/Fuzz" -c Release -nologo -v quiet -o "$work/fuzz" >/dev/null || { echo "fuzz harness build failed" >&2; exit 1; }
  for assembly in Fulcrum.Core.dll YamlDotNet.dll; do
    "$work/tools/sharpfuzz" "$work/fuzz/$assembly" >/dev/null || { echo "cannot instrument $assembly" >&2; exit 1; }
  done

  mkdir -p "$work/seeds/config" "$work/seeds/proxy" "$work/seeds/clienthello"
  cp "$repo"/examples/*.yaml "$work/seeds/config/"
  printf 'listeners: { web: { address: 127.0.0.1:0 } }\nroutes: { r: { cluster: c } }\nclusters: { c: { destinations: { d: { address: http://127.0.0.1:1 } } } }\n' >"$work/seeds/config/minimal.yaml"
  printf 'PROXY TCP4 203.0.113.7 198.51.100.1 4711 443\r\n' >"$work/seeds/proxy/v1-tcp4"
  printf 'PROXY TCP6 2001:db8::1 2001:db8::2 4711 443\r\n' >"$work/seeds/proxy/v1-tcp6"
  printf 'PROXY UNKNOWN\r\n' >"$work/seeds/proxy/v1-unknown"
  printf '\r\n\r\n\0\r\nQUIT\n\x21\x11\x00\x0c\xcb\x00\x71\x07\xc6\x33\x64\x01\x12\x67\x01\xbb' >"$work/seeds/proxy/v2-tcp4"
  printf '\r\n\r\n\0\r\nQUIT\n\x21\x11\x00\x14\xcb\x00\x71\x07\xc6\x33\x64\x01\x12\x67\x01\xbb\x02\x00\x05a.com' >"$work/seeds/proxy/v2-tlv"
  # A real ClientHello (with SNI and ALPN), captured from openssl s_client on a loopback socket.
  python3 - "$work/seeds/clienthello/openssl" <<'PY' &
import socket, sys
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1); server.settimeout(10)
open(sys.argv[1] + ".port", "w").write(str(server.getsockname()[1]))
connection, _ = server.accept(); connection.settimeout(5)
open(sys.argv[1], "wb").write(connection.recv(65536))
PY
  capture=$!
  until [ -f "$work/seeds/clienthello/openssl.port" ]; do sleep 0.1; done
  timeout 5 openssl s_client -connect "127.0.0.1:$(cat "$work/seeds/clienthello/openssl.port")" -servername a.test -alpn h2,http/1.1 </dev/null >/dev/null 2>&1
  wait "$capture"
  rm -f "$work/seeds/clienthello/openssl.port"

  fuzz_target config "$work/seeds/config"
  fuzz_target proxy "$work/seeds/proxy"
  fuzz_target clienthello "$work/seeds/clienthello"
else
  fuzz_lines+=("skipped (FUZZ_SECONDS=0)")
fi

# ------------------------------------------------------------------------------------------------------------ report
report=$(
  echo "Soak: $windows windows of ${window}s, wrk -t 1 -c $connections on /text (two demo backends), keep-alive and churn alternating."
  echo
  echo "| after | mode | requests | req/s | p99 | non-2xx | socket errors | RSS MiB | fds | threads |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Requests $total_requests, failed $errors. RSS $((base_rss / 1024)) → $((rss / 1024)) MiB (bound $((rss_limit / 1024))), fds $base_fds → $fds (bound $fds_limit): $verdict."
  echo
  echo "Fuzz (SharpFuzz + afl++, ${fuzz_seconds}s per parser):"
  printf -- '- %s\n' "${fuzz_lines[@]}"
)
echo "$report"
if [ "$record" -eq 1 ]; then
  {
    echo
    echo "## Soak and fuzz ($started_at)"
    echo
    echo "Command: \`$command_line\` (SOAK_SECONDS=$soak_seconds, WINDOW_SECONDS=$window, FUZZ_SECONDS=$fuzz_seconds, SOAK_CONNECTIONS=$connections)."
    echo
    echo "$report"
  } >>"$repo/bench/RESULTS.md"
fi
[ "$verdict" = PASS ]
