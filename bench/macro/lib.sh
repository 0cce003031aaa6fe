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
