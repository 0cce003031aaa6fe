# Shared by the bench/macro scripts (sourced, not run): process bookkeeping by PID, free loopback ports, CPU ticks.

# The PIDs of a process's direct children (nginx workers, say), from /proc.
children_of() {
  local parent=$1 stat rest
  for stat in /proc/[0-9]*/stat; do
    read -r rest 2>/dev/null < "$stat" || continue   # the process may have gone since the glob
    rest=${rest##*) }                       # past "pid (comm) ", whatever comm contains
    set -- $rest
    [ "$2" = "$parent" ] && { stat=${stat#/proc/}; echo "${stat%/stat}"; }
  done
}

# Ends the given PIDs and their children: TERM, up to 5 s of grace, then KILL. Only ever PIDs a script started.
stop_pids() {
  local all=() pid
  for pid in "$@"; do all+=("$pid" $(children_of "$pid")); done
  for pid in "${all[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${all[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  for pid in "${all[@]}"; do kill -KILL "$pid" 2>/dev/null; done
}

port_free() { ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

# The first base port in CANDIDATES (a list) for which base+OFFSET is free for every OFFSET in the second list.
free_port_block() { # "CANDIDATES" "OFFSETS"
  local candidate offset ok
  for candidate in $1; do
    ok=1
    for offset in $2; do port_free $((candidate + offset)) || { ok=0; break; }; done
    [ "$ok" -eq 1 ] && { echo "$candidate"; return 0; }
  done
  return 1
}

# Sets `base` to free_port_block's answer, or ends the script saying there is none.
bench_base_port() { # "CANDIDATES" "OFFSETS"
  base=$(free_port_block "$1" "$2")
  [ -n "$base" ] || { echo "no free loopback ports" >&2; exit 1; }
}

# Ends the script unless every DLL (a Fulcrum build, or what FULCRUM_DLL/A_DLL/B_DLL name) exists.
require_dll() { # DLL...
  local dll
  for dll in "$@"; do
    [ -f "$dll" ] || { echo "no $dll: run dotnet build src/Fulcrum -c Release" >&2; exit 1; }
  done
}

# CPU clock ticks (utime+stime) of a process and its children.
cpu_ticks() {
  local total=0 pid fields
  for pid in "$1" $(children_of "$1"); do
    read -r fields 2>/dev/null < "/proc/$pid/stat" || continue
    fields=${fields##*) }
    set -- $fields
    total=$((total + ${12} + ${13}))   # fields 14 and 15 of stat, counted from the state field (3)
  done
  echo "$total"
}

# "busy total" clock ticks of CPU 1 (the proxy core), from /proc/stat.
cpu1_ticks() { awk '$1 == "cpu1" { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# A one-worker nginx serving DIR's files on 127.0.0.1:PORT with keep-alive, as the backend of every script.
backend_nginx_conf() { # DIR PORT
  cat <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;   # nginx's default (1000) would make every client reconnect every 1000 requests
  client_body_temp_path $1/client_body; proxy_temp_path $1/proxy; fastcgi_temp_path $1/fastcgi;
  uwsgi_temp_path $1/uwsgi; scgi_temp_path $1/scgi;
  server { listen 127.0.0.1:$2 backlog=4096; root $1/www; }
}
CONF
}

# nginx as the peer reverse proxy: one worker, the backend on 127.0.0.1:BACKEND_PORT behind an upstream keepalive
# cache of KEEPALIVE connections, listening on each LISTEN ("127.0.0.1:PORT", optionally followed by " http2").
proxy_nginx_conf() { # DIR BACKEND_PORT KEEPALIVE LISTEN...
  local dir=$1 backend=$2 keepalive=$3 listen
  shift 3
  cat <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  client_body_temp_path $dir/client_body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  upstream backend { server 127.0.0.1:$backend; keepalive $keepalive; keepalive_requests 1000000; }
  server {
CONF
  for listen in "$@"; do echo "    listen $listen backlog=4096;"; done
  cat <<CONF
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_max_temp_file_size 0;
    }
  }
}
CONF
}

# The `defaults` section every HAProxy peer here runs with (run.sh, cpusplit.sh, tls.sh): HTTP mode, connection reuse.
haproxy_defaults() {
  cat <<CONF
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
CONF
}

# HAProxy as the peer proxy: one thread, `http-reuse always`, the backend on 127.0.0.1:BACKEND_PORT; HTTP/1.1 on
# H1_PORT and h2c with prior knowledge on H2_PORT; with TCP_PORT and IPERF_PORT also a TCP proxy to iperf3.
haproxy_conf() { # DIR BACKEND_PORT H1_PORT H2_PORT [TCP_PORT IPERF_PORT]
  cat <<CONF
global
  nbthread 1
  maxconn 8000
  pidfile $1/haproxy.pid

$(haproxy_defaults)

frontend http
  bind 127.0.0.1:$3
  bind 127.0.0.1:$4 proto h2
  default_backend backend

backend backend
  server nginx 127.0.0.1:$2
CONF
  if [ $# -ge 6 ]; then
    printf '\nlisten tcp\n  mode tcp\n  bind 127.0.0.1:%s\n  server iperf 127.0.0.1:%s\n' "$5" "$6"
  fi
}

# SECONDS of load on URL from CPU 0, reported as wrk reports it ("N requests in …", "Requests/sec: R"): wrk -t1
# -c$CONNECTIONS (default 64; CLOSE=1 sends each request on a new connection), or with H2C=1 h2load -t1
# -c$CONNECTIONS -m10, h2c with prior knowledge, its summary turned into wrk's two lines.
bench_load() { # SECONDS URL
  if [ -n "${H2C:-}" ]; then
    taskset -c 0 timeout $(($1 + 10)) h2load -t1 -c"${CONNECTIONS:-64}" -m10 -D "$1" "$2" \
      | awk '/^finished in/ { print "Requests/sec: " $4 } /^requests:/ { print $8 " requests in h2load" }'
  else
    taskset -c 0 timeout $(($1 + 10)) wrk -t1 -c"${CONNECTIONS:-64}" ${CLOSE:+-H 'Connection: close'} -d"$1"s "$2"
  fi
}

# ---- the setup ab.sh, warmup.sh, profile.sh and cpusplit.sh share: one nginx backend on CPU 0, Fulcrum on CPU 1.
# Globals: `work` (the temp dir) and `pids` (every PID started, ended at exit by bench_cleanup).

# Makes `work` (under /tmp, named PREFIX.XXXXXX) with the backend's two bodies, readable by nginx's workers, and
# arranges for every PID in `pids` to be ended and `work` removed when the script exits.
bench_setup() { # PREFIX
  work=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$work"
  mkdir -p "$work/www"
  printf '0123456789' > "$work/www/10b"
  head -c 16384 /dev/zero | tr '\0' 'x' > "$work/www/16k"
  chmod -R a+rX "$work"
  pids=()
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  trap - EXIT INT TERM
  stop_pids "${pids[@]}"
  rm -rf "$work"
}

# The backend: nginx serving `work`'s bodies on 127.0.0.1:PORT, pinned to CPU 0.
start_backend() { # PORT
  backend_nginx_conf "$work" "$1" > "$work/nginx.conf"
  taskset -c 0 nginx -p "$work" -e "$work/error.log" -c "$work/nginx.conf" -g 'daemon off;' &
  pids+=($!)
}

# A Fulcrum config with one listener on LISTEN_PORT and one route to the backend as the only destination; with a
# third argument (http2) the listener also takes h2c with prior knowledge.
single_route_yaml() { # LISTEN_PORT BACKEND_PORT [http2]
  cat <<YAML
listeners: { web: { protocol: http, address: "127.0.0.1:$1"${3:+, http2: true} } }
routes: { all: { cluster: backend } }
clusters: { backend: { destinations: { nginx: { address: "http://127.0.0.1:$2" } } } }
YAML
}

# Starts `dotnet DLL --config work/NAME.yaml` on CPU 1 with ENV (NAME=VALUE words) added, logging to work/NAME.log;
# its PID is in `fulcrum_pid` (and in `pids`).
start_fulcrum() { # NAME DLL ENV
  # shellcheck disable=SC2086 # ENV is a list of NAME=VALUE words
  (cd "$work" && exec taskset -c 1 env $3 dotnet "$2" --config "$work/$1.yaml" > "$work/$1.log" 2>&1) &
  fulcrum_pid=$!
  pids+=($!)
}

# Up to 20 s for URL to answer 200; fails at once (printing LOG) if PID exits first. With H2C set, asked in h2c with
# prior knowledge (what the load will speak).
wait_ready() { # URL PID LOG
  for _ in $(seq 200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 ${H2C:+--http2-prior-knowledge} "$1")" = 200 ] && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; return 1; }
    sleep 0.1
  done
  echo "$1 did not answer 200 within 20 s" >&2
  return 1
}
