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
# WebSockets (L4): a second `fulcrum` process in front of a WebSocket echo backend, WS_CONNECTIONS (default 1000)
# WebSockets held for WS_SECONDS (default 180), each echoing one sequence-numbered message a second
# (bench/soak/WebSocketSoak); RSS and descriptors sampled every 30 s. Fails if a message is lost, duplicated or
# reordered, a socket fails or closes uncleanly, or RSS/descriptors grow between the first and the last sample
# (bounds as above).
#
# TLS audit (S17): an https listener with minVersion 1.2 and a fresh self-signed certificate, scanned with sslscan and
# testssl.sh (protocols, cipher categories, forward secrecy, server preferences and defaults, vulnerabilities; the
# per-cipher pass is left out), bounded by TLS_AUDIT_SECONDS (default 900). Fails on a finding about the listener of
# severity MEDIUM or above (the throw-away certificate's own findings are listed apart).
#
# Fuzz: three parsers under SharpFuzz + afl++ for FUZZ_SECONDS each (default 120), with Fulcrum.Core.dll and
# YamlDotNet.dll instrumented: the config loader (ConfigLoader.LoadText, seeded with examples/*.yaml), the PROXY
# protocol parser (v1/v2 seeds) and the TLS ClientHello parser (a ClientHello captured from openssl s_client).
# Crashes are copied to bench/soak/crashes/NAME/; each belongs in the parser's unit tests as a regression.
#
# Environment: SOAK_SECONDS (0 skips the HTTP soak), WINDOW_SECONDS, WS_SECONDS (0 skips) and WS_CONNECTIONS,
# TLS_AUDIT_SECONDS (0 skips), FUZZ_SECONDS (0 skips fuzzing), SOAK_CONNECTIONS (default 16),
# FULCRUM_DLL (skip the build and soak that fulcrum.dll). Load runs under `nice` so that a shared machine stays usable.
set -uo pipefail

soak_seconds=${SOAK_SECONDS:-300}
window=${WINDOW_SECONDS:-30}
fuzz_seconds=${FUZZ_SECONDS:-120}
connections=${SOAK_CONNECTIONS:-16}
ws_seconds=${WS_SECONDS:-180}
ws_connections=${WS_CONNECTIONS:-1000}
tls_seconds=${TLS_AUDIT_SECONDS:-900}
if [ -z "${FULCRUM_SOAK_CHILD:-}" ]; then
  # Install, build, soak and fuzz under one hard deadline.
  FULCRUM_SOAK_CHILD=1 exec timeout --kill-after=5 $((soak_seconds + ws_seconds + tls_seconds + 3 * fuzz_seconds + 600)) bash "$0" "$@"
fi

record=0
for arg in "$@"; do
  case "$arg" in
    --record) record=1 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
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
[ "$tls_seconds" -eq 0 ] || command -v testssl >/dev/null 2>&1 || missing+=(testssl.sh)
[ "$tls_seconds" -eq 0 ] || command -v sslscan >/dev/null 2>&1 || missing+=(sslscan)
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

verdict=PASS
rows=()
total_requests=0
errors=0
windows=0
sample() { # prints: rss_kib fds threads of $gateway
  local rss threads fds
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$gateway/status")
  threads=$(awk '/^Threads:/ { print $2 }' "/proc/$gateway/status")
  fds=$(ls "/proc/$gateway/fd" | wc -l)
  echo "$rss $fds $threads"
}

if [ "$soak_seconds" -gt 0 ]; then
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
[ "$rss" -le "$rss_limit" ] || verdict="FAIL (RSS $((rss / 1024)) MiB > $((rss_limit / 1024)) MiB)"
[ "$fds" -le "$fds_limit" ] || verdict="FAIL (fds $fds > $fds_limit)"
[ "$errors" -eq 0 ] || verdict="FAIL ($errors failed requests)"
kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null
fi

# -------------------------------------------------------------------------------------------------------- websockets
ws_lines=()
ws_rows=()
if [ "$ws_seconds" -gt 0 ]; then
  log "websocket soak: building bench/soak/WebSocketSoak"
  dotnet build "$repo/bench/soak/WebSocketSoak" -c Release -nologo -v quiet -o "$work/wssoak" >/dev/null || { echo "WebSocketSoak build failed" >&2; exit 1; }
  dotnet "$work/wssoak/WebSocketSoak.dll" backend >"$work/ws-backend.log" 2>&1 &
  pids+=($!)
  wait_for_line "$work/ws-backend.log" '^backend ' 60 || exit 1
  ws_backend=$(awk '$1 == "backend" { print $2 }' "$work/ws-backend.log")
  cat >"$work/ws.yaml" <<EOF
listeners:
  web: { protocol: http, address: 127.0.0.1:0 }
routes:
  ws: { match: { pathPrefix: /ws }, cluster: ws }
clusters:
  ws: { destinations: { w1: { address: "$ws_backend" } } }
EOF
  nice -n 5 dotnet "$dll" --config "$work/ws.yaml" --log-level warning >"$work/ws-fulcrum.log" 2>&1 &
  gateway=$!
  pids+=($gateway)
  wait_for_line "$work/ws-fulcrum.log" '^listening: web ' 60 || exit 1
  ws_url=$(awk '$1 == "listening:" && $2 == "web" { print $3 }' "$work/ws-fulcrum.log")
  read -r ws_rss0 ws_fds0 _ < <(sample)
  log "websocket soak: $ws_connections sockets for ${ws_seconds}s through fulcrum pid $gateway at $ws_url"
  nice -n 5 dotnet "$work/wssoak/WebSocketSoak.dll" clients "${ws_url/http:/ws:}/ws" "$ws_connections" "$ws_seconds" >"$work/ws-clients.log" 2>&1 &
  ws_clients=$!
  pids+=($ws_clients)
  ws_first_rss=""
  # A sample every 30 s while the sockets are open (the clients close them all at the end); pacing, not synchronisation.
  for ((t = 30; t < ws_seconds; t += 30)); do
    sleep 30
    kill -0 "$ws_clients" 2>/dev/null || break
    read -r rss fds threads < <(sample)
    [ -n "$ws_first_rss" ] || { ws_first_rss=$rss; ws_first_fds=$fds; }
    ws_last_rss=$rss; ws_last_fds=$fds
    counters=$(grep '^t=' "$work/ws-clients.log" | tail -1)
    ws_rows+=("| ${t}s | $((rss / 1024)) | $fds | $threads | ${counters:-} |")
    log "websocket soak t=${t}s: RSS $((rss / 1024)) MiB, fds $fds, threads $threads; ${counters:-}"
  done
  wait "$ws_clients"; ws_status=$?
  done_line=$(grep '^done:' "$work/ws-clients.log" | tail -1)
  ws_verdict=PASS
  [ "$ws_status" -eq 0 ] || ws_verdict="FAIL (clients exit $ws_status: $(grep -v '^t=' "$work/ws-clients.log" | head -3 | paste -sd ';' -))"
  if [ -n "$ws_first_rss" ]; then
    [ "$ws_last_rss" -le $((ws_first_rss * 125 / 100 + 16 * 1024)) ] || ws_verdict="FAIL (RSS $((ws_first_rss / 1024)) → $((ws_last_rss / 1024)) MiB)"
    [ "$ws_last_fds" -le $((ws_first_fds + 16)) ] || ws_verdict="FAIL (fds $ws_first_fds → $ws_last_fds)"
    per_socket=$(( (ws_first_rss - ws_rss0) / ws_connections ))
    ws_lines+=("gateway RSS $((ws_rss0 / 1024)) MiB before the sockets; with $ws_connections open $((ws_first_rss / 1024)) MiB at the first sample → $((ws_last_rss / 1024)) MiB at the last (~${per_socket} KiB per socket, both legs); fds $ws_fds0 → $ws_first_fds → $ws_last_fds")
  fi
  ws_lines+=("${done_line:-no summary from the clients}: $ws_verdict")
  [ "$ws_verdict" = PASS ] || verdict="$ws_verdict"
  log "websocket soak: ${ws_lines[*]}"
  kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null
else
  ws_lines+=("skipped (WS_SECONDS=0)")
fi

# --------------------------------------------------------------------------------------------------------- tls audit
tls_lines=()
if [ "$tls_seconds" -gt 0 ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/tls.key" -out "$work/tls.crt" -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost >/dev/null 2>&1 || { echo "openssl req failed" >&2; exit 1; }
  cat >"$work/tls.yaml" <<EOF
listeners:
  web: { protocol: https, address: 127.0.0.1:0, tls: { minVersion: "1.2", certificates: [{ certFile: "$work/tls.crt", keyFile: "$work/tls.key" }] } }
routes:
  all: { cluster: none }
clusters:
  none: { destinations: { d1: { address: "http://127.0.0.1:9" } } }
EOF
  dotnet "$dll" --config "$work/tls.yaml" --log-level warning >"$work/tls-fulcrum.log" 2>&1 &
  gateway=$!
  pids+=($gateway)
  wait_for_line "$work/tls-fulcrum.log" '^listening: web ' 60 || exit 1
  tls_target=$(awk '$1 == "listening:" && $2 == "web" { sub("https://", "", $3); print $3 }' "$work/tls-fulcrum.log")
  sslscan --no-colour "$tls_target" >"$work/sslscan.out" 2>&1
  tls_lines+=("sslscan: $(grep -E '^(SSLv|TLSv)[0-9.]+ +(enabled|disabled)' "$work/sslscan.out" | awk '{ printf "%s %s, ", $1, $2 }')$(grep -cE '^(Accepted|Preferred)' "$work/sslscan.out") suites accepted ($(grep -E '^(Accepted|Preferred)' "$work/sslscan.out" | awk '{ printf "%s ", $5 }')); $(grep -i 'renegotiation' "$work/sslscan.out" | grep -v ':$' | head -1)")
  log "tls audit: testssl.sh against $tls_target (up to ${tls_seconds}s)"
  started=$SECONDS
  timeout "$tls_seconds" nice -n 5 testssl --quiet --color 0 --warnings off --severity LOW --jsonfile "$work/testssl.json" -p -s -f -P -S -U "$tls_target" >"$work/testssl.out" 2>&1
  tls_status=$?
  # Certificate findings (self-signed, two days valid, no CRL/OCSP) are the throw-away test certificate's, not the listener's.
  summary=$(python3 - "$work/testssl.json" <<'PY'
import json, sys
try:
    findings = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"no JSON ({e})"); sys.exit(1)
rank = {"LOW": 1, "MEDIUM": 2, "HIGH": 3, "CRITICAL": 4}
listener = [f for f in findings if not f["id"].startswith("cert")]
serious = [f for f in listener if rank.get(f.get("severity"), 0) >= 2]
low = [f for f in listener if f.get("severity") == "LOW"]
certificate = [f for f in findings if f["id"].startswith("cert") and rank.get(f.get("severity"), 0) >= 2]
print(f"listener findings >= MEDIUM: {len(serious)}" + "".join(f"; {f['id']} {f['severity']}: {f['finding']}" for f in serious)
      + f"; LOW: {len(low)}" + "".join(f" [{f['id']}: {f['finding']}]" for f in low)
      + f"; test-certificate findings: {', '.join(f['id'] for f in certificate) or 'none'}")
sys.exit(1 if serious else 0)
PY
)
  summary_status=$?
  tls_lines+=("testssl.sh -p -s -f -P -S -U (exit $tls_status, $((SECONDS - started))s): $summary")
  tls_lines+=("testssl protocols: $(grep -E '^ (SSLv[23]|TLS 1(\.[123])?) ' "$work/testssl.out" | sed 's/  */ /g; s/^ //' | paste -sd ';' -)")
  if [ "$summary_status" -ne 0 ] || [ "$tls_status" -eq 124 ]; then verdict="FAIL (TLS audit: $summary)"; fi
  log "tls audit: ${tls_lines[*]}"
  kill "$gateway" 2>/dev/null; wait "$gateway" 2>/dev/null
else
  tls_lines+=("skipped (TLS_AUDIT_SECONDS=0)")
fi

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
  if [ "$soak_seconds" -gt 0 ]; then
    echo "Soak: $windows windows of ${window}s, wrk -t 1 -c $connections on /text (two demo backends), keep-alive and churn alternating."
    echo
    echo "| after | mode | requests | req/s | p99 | non-2xx | socket errors | RSS MiB | fds | threads |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Requests $total_requests, failed $errors. RSS $((base_rss / 1024)) → $((rss / 1024)) MiB (bound $((rss_limit / 1024))), fds $base_fds → $fds (bound $fds_limit)."
  else
    echo "HTTP soak skipped (SOAK_SECONDS=0)."
  fi
  echo
  echo "WebSockets: $ws_connections sockets through fulcrum for ${ws_seconds}s, one sequence-numbered message a second each."
  if [ ${#ws_rows[@]} -gt 0 ]; then
    echo
    echo "| after | RSS MiB | fds | threads | client counters |"
    echo "|---|---|---|---|---|"
    printf '%s\n' "${ws_rows[@]}"
    echo
  fi
  printf -- '- %s\n' "${ws_lines[@]}"
  echo
  echo "TLS audit (https listener, minVersion 1.2):"
  printf -- '- %s\n' "${tls_lines[@]}"
  echo
  echo "Verdict: $verdict."
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
    echo "Command: \`$command_line\` (SOAK_SECONDS=$soak_seconds, WINDOW_SECONDS=$window, WS_SECONDS=$ws_seconds, WS_CONNECTIONS=$ws_connections, TLS_AUDIT_SECONDS=$tls_seconds, FUZZ_SECONDS=$fuzz_seconds, SOAK_CONNECTIONS=$connections)."
    echo
    echo "$report"
  } >>"$repo/bench/RESULTS.md"
fi
[ "$verdict" = PASS ]
