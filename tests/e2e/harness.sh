# Shared by the end-to-end tests (source it): a scratch directory removed on
# exit, casehub started on a free port and stopped, and failures that show
# the logs. Set `casehub` (and `casectl`, for ctl) before starting a hub.

work=$(mktemp -d)
chmod 755 "$work"  # a test may run casehub as another user
server_pid=
# Shown when a test fails; a test adds its own files.
logs=("$work/server.log")

cleanup() {
  [[ -n $server_pid ]] && kill -9 "$server_pid" 2>/dev/null || true
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  for file in "${logs[@]}"; do
    echo "--- $file ---" >&2
    cat "$file" >&2 || true
  done
  exit 1
}

# Every principal the harness creates has this password.
password_file="$work/password"
echo "e2e-password-1" >"$password_file"

# add_principal CONFIG DATA_DIR ID SITE ROLES: a principal created in the
# data directory while no hub runs on it (casehub --add-principal).
add_principal() {
  "$casehub" --config "$1" --data-dir "$2" --add-principal "$3" --site "$4" --roles "$5" \
    <"$password_file" >>"$work/server.log" 2>&1 || fail "cannot add principal $3"
}

# add_e2e_principal CONFIG DATA_DIR: the principal "e2e", who holds every
# clinical role and network administration at the demo hub site.
add_e2e_principal() {
  add_principal "$1" "$2" e2e jc-hub case_manager,physician,nurse,pharmacist,network_admin
}

# start_hub CONFIG DATA_DIR: casehub on a free port; a new data directory
# gets the e2e principal first. Sets server_pid, port, and ctl: casectl
# logged in as e2e.
start_hub() {
  [[ -e $2 ]] || add_e2e_principal "$1" "$2"
  rm -f "$work/port"
  "$casehub" --config "$1" --data-dir "$2" --listen 127.0.0.1:0 \
    --port-file "$work/port" >>"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do
    [[ -s $work/port ]] && break
    kill -0 "$server_pid" 2>/dev/null || fail "casehub exited during start-up"
    sleep 0.1
  done
  [[ -s $work/port ]] || fail "casehub did not report its port"
  port=$(cat "$work/port")
  ctl=("${casectl:-casectl}" --server "127.0.0.1:$port" --token-file "$work/token" --timeout 10)
  if [[ -n ${casectl:-} ]]; then
    "${ctl[@]}" login --user e2e <"$password_file" >/dev/null || fail "e2e cannot log in"
  fi
}

# Stops the hub with SIGTERM, which must end it cleanly.
stop_hub() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "casehub exited non-zero on SIGTERM"
  server_pid=
}

# Reads a string field from casectl's JSON output: json_field NAME < json
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d'"' -f4; }
