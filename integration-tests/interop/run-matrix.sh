#!/usr/bin/env bash
# Interop matrix: runs every directed server <- client pair among the available
# interop fixtures, each pair with a UDS single echo, a UDS pipeline and an SHM
# single echo, then the Level 2 service modes (snapshot, apps, cgroups,
# apps-mixed, cgroups-mixed) and the Level 3 cache, each over the baseline and
# over SHM (NIPC_PROFILE=shm), and prints one line per pair and test, then
# "N passed, N failed, N skipped".
#
# The Java fixtures always take part. Reference fixtures join when a variable
# names the folder holding them (the UDS and SHM programs of a language must be
# there; a pair whose service or cache program is missing is skipped):
#   NETIPC_PEER_C=DIR      DIR/interop_uds_c   DIR/interop_shm_c   DIR/interop_service_c   DIR/interop_cache_c
#   NETIPC_PEER_RUST=DIR   DIR/interop_uds_rs  DIR/interop_shm_rs  DIR/interop_service_rs  DIR/interop_cache_rs
#   NETIPC_PEER_GO=DIR     DIR/interop_uds_go  DIR/interop_shm_go  DIR/interop_service_go  DIR/interop_cache_go
# Other settings:
#   NETIPC_JAVA_FIXTURE      the Java UDS fixture (default: integration-tests/bin/interop_uds,
#                            which runs "$JAVA_HOME/bin/java" when JAVA_HOME is set)
#   NETIPC_JAVA_SHM_FIXTURE  the Java SHM fixture (default: integration-tests/bin/interop_shm)
#   NETIPC_PIPELINE_COUNT    requests per pipeline test (default 100)
#   NETIPC_LOOKUP_SCALE_ITEMS  items of the apps and cgroups lookup tests (default 8192, as the fixtures)
#   NETIPC_MATRIX_SERVICE    0 to run the transport tests only (default 1: the service and cache tests too)
#
# Service and cache servers serve until they are terminated: once the client has
# passed, the server is sent SIGTERM. A Java server must then have removed its
# socket and region files; reference servers do not clean up on a signal, so
# their leftovers are not counted.
#
# Exit status: 0 when every test passed, 1 when any failed, 2 for a setup error.
set -euo pipefail

# Seconds any one fixture process may run; a hung peer fails its test instead of the whole run.
readonly STEP_TIMEOUT=20
# How long a server has to print READY (a JVM on a busy machine can take seconds), looked for every 0.1 s.
readonly READY_WAIT_SECONDS=10
readonly READY_POLL_INTERVAL=0.1
readonly READY_POLLS=$((READY_WAIT_SECONDS * 10))
# Longest diagnostic quoted in a FAIL line, so each result stays on one readable line.
readonly REASON_MAX_CHARS=160
# Seconds a lookup-scale test may take (8192 items make many round trips on a slow machine).
readonly SERVICE_STEP_TIMEOUT=120
# The exit status of a process ended by SIGTERM (128 + 15), which is how service servers stop.
readonly TERMINATED_STATUS=143

here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
java_fixture="${NETIPC_JAVA_FIXTURE:-$here/../bin/interop_uds}"
java_shm_fixture="${NETIPC_JAVA_SHM_FIXTURE:-$here/../bin/interop_shm}"
pipeline_count="${NETIPC_PIPELINE_COUNT:-100}"

die() {
  echo "run-matrix: $*" >&2
  exit 2
}

[[ "$pipeline_count" =~ ^[1-9][0-9]{0,5}$ ]] || die "NETIPC_PIPELINE_COUNT must be an integer from 1 to 999999"
matrix_service="${NETIPC_MATRIX_SERVICE:-1}"
[[ "$matrix_service" =~ ^[01]$ ]] || die "NETIPC_MATRIX_SERVICE must be 0 or 1"
[[ -z "${NETIPC_LOOKUP_SCALE_ITEMS:-}" ||
  ( "$NETIPC_LOOKUP_SCALE_ITEMS" =~ ^[1-9][0-9]{0,4}$ && "$NETIPC_LOOKUP_SCALE_ITEMS" -le 65536 ) ]] ||
  die "NETIPC_LOOKUP_SCALE_ITEMS must be an integer from 1 to 65536"

# The fixtures, in the order they are paired: language names, UDS programs and SHM programs.
fixture_names=()
uds_programs=()
shm_programs=()
service_programs=()
cache_programs=()

require_program() {
  local name="$1" program="$2"
  [[ -f "$program" && -x "$program" ]] || die "$name fixture $program is missing or not executable"
}

# A program that may be missing: its path when it is there, else empty.
optional_program() {
  [[ -f "$1" && -x "$1" ]] && printf '%s' "$1"
  return 0
}

add_fixture() {
  local name="$1" uds_program="$2" shm_program="$3" service_program="$4" cache_program="$5"
  require_program "$name" "$uds_program"
  require_program "$name" "$shm_program"
  fixture_names+=("$name")
  uds_programs+=("$uds_program")
  shm_programs+=("$shm_program")
  service_programs+=("$(optional_program "$service_program")")
  cache_programs+=("$(optional_program "$cache_program")")
}

add_peer() {
  local name="$1" dir="$2" suffix="$3"
  add_fixture "$name" "$dir/interop_uds_$suffix" "$dir/interop_shm_$suffix" "$dir/interop_service_$suffix" \
    "$dir/interop_cache_$suffix"
}

add_fixture java "$java_fixture" "$java_shm_fixture" "$here/../bin/interop_service" "$here/../bin/interop_cache"
if [[ -n "${NETIPC_PEER_C:-}" ]]; then add_peer c "$NETIPC_PEER_C" c; fi
if [[ -n "${NETIPC_PEER_RUST:-}" ]]; then add_peer rust "$NETIPC_PEER_RUST" rs; fi
if [[ -n "${NETIPC_PEER_GO:-}" ]]; then add_peer go "$NETIPC_PEER_GO" go; fi

# The fixtures accept only an absolute, physical (no symbolic link), owner-only run directory.
run_dir="$(mktemp -d "${TMPDIR:-/tmp}/netipc-matrix.XXXXXX")"
# The fixture processes running now (their "timeout" wrappers, which pass a kill on).
server_pid=""
client_pid=""

cleanup() {
  local pid
  for pid in "$client_pid" "$server_pid"; do
    if [[ -n "$pid" ]]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$run_dir"
}
trap cleanup EXIT
# A signal ends the run through the EXIT trap, so nothing is left behind. Fixtures run in the
# background while the script waits for them, because bash runs a trap only once a foreground
# command has finished, but interrupts "wait" at once.
trap 'exit 130' INT
trap 'exit 143' TERM

chmod 0700 "$run_dir"
run_dir="$(cd "$run_dir" && pwd -P)"

# A socket path must fit sun_path (108 bytes with its NUL). The longest name this script makes is
# a service test's over the baseline between two "rust" fixtures; a long TMPDIR would otherwise make
# every test fail with a confusing bind error.
readonly SUN_PATH_MAX=107
longest_socket="$run_dir/service-cgroups-mixed-baseline-rust-rust.sock"
if (( ${#longest_socket} > SUN_PATH_MAX )); then
  echo "run-matrix: TMPDIR is too long: socket paths such as $longest_socket exceed $SUN_PATH_MAX bytes;" \
    "set TMPDIR to a shorter directory" >&2
  exit 2
fi

passed=0
failed=0
skipped=0

# The last diagnostic line a fixture wrote to FILE (JVM warnings skipped), on one short line.
last_diagnostic() {
  local line
  line="$(grep -v '^WARNING: ' "$1" | grep -v '^[[:space:]]*$' | tail -n 1 | tr -d '\r')" || true
  printf '%s' "${line:0:REASON_MAX_CHARS}"
}

# Why a fixture that exited with STATUS and wrote diagnostics to ERR_FILE failed.
exit_reason() {
  local who="$1" status="$2" err_file="$3" limit="${4:-$STEP_TIMEOUT}" detail
  if [[ "$status" -eq 124 ]]; then
    printf '%s timed out after %ss' "$who" "$limit"
    return
  fi
  detail="$(last_diagnostic "$err_file")"
  printf '%s exited %s%s' "$who" "$status" "${detail:+: $detail}"
}

report() {
  local outcome="$1" label="$2" reason="${3:-}"
  if [[ "$outcome" == SKIP ]]; then
    skipped=$((skipped + 1))
    printf 'SKIP  %s (%s)\n' "$label" "$reason"
  elif [[ "$outcome" == PASS ]]; then
    passed=$((passed + 1))
    printf 'PASS  %s\n' "$label"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s (%s)\n' "$label" "$reason"
  fi
}

# Waits until the server prints READY. Returns 0 when it did, 1 when it exited
# first, 2 when it did not within the poll budget.
wait_ready() {
  local out_file="$1" i
  for ((i = 0; i < READY_POLLS; i++)); do
    if grep -qx READY "$out_file"; then
      return 0
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      # It may have printed READY just before exiting.
      grep -qx READY "$out_file" && return 0
      return 1
    fi
    sleep "$READY_POLL_INTERVAL"
  done
  return 2
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# Region files of SERVICE left in the run directory, one name per line (none: empty).
leftover_regions() {
  find "$run_dir" -maxdepth 1 -name "$1-*.ipcshm" -printf '%f\n'
}

# run_test TEST SERVER_INDEX CLIENT_INDEX: one test of one directed pair.
# TEST is "echo" (UDS, modes server/client), "pipeline" (UDS, pipeline-server/pipeline-client)
# or "shm" (the SHM fixtures, modes server/client).
run_test() {
  local test="$1" server="${fixture_names[$2]}" client="${fixture_names[$3]}"
  local server_program="${uds_programs[$2]}" client_program="${uds_programs[$3]}"
  local service="$test-$server-$client"
  local files="$run_dir/$service"
  local label server_args client_args ready leftover status=0

  case "$test" in
    echo)
      label="uds echo"
      server_args=(server "$run_dir" "$service")
      client_args=(client "$run_dir" "$service")
      ;;
    pipeline)
      label="uds pipeline $pipeline_count"
      server_args=(pipeline-server "$run_dir" "$service" "$pipeline_count")
      client_args=(pipeline-client "$run_dir" "$service" "$pipeline_count")
      ;;
    shm)
      label="shm echo"
      server_program="${shm_programs[$2]}"
      client_program="${shm_programs[$3]}"
      server_args=(server "$run_dir" "$service")
      client_args=(client "$run_dir" "$service")
      ;;
  esac
  label="$(printf '%-18s %s server <- %s client' "$label" "$server" "$client")"

  # Created here, not only by the background job's redirection, so that polling never races its creation.
  : >"$files.server.out"
  timeout "$STEP_TIMEOUT" "$server_program" "${server_args[@]}" >"$files.server.out" 2>"$files.server.err" </dev/null &
  server_pid=$!

  ready=0
  wait_ready "$files.server.out" || ready=$?
  if [[ "$ready" -eq 1 ]]; then
    wait "$server_pid" || status=$?
    server_pid=""
    report FAIL "$label" "server never ready: $(exit_reason server "$status" "$files.server.err")"
    return
  fi
  if [[ "$ready" -eq 2 ]]; then
    stop_server
    report FAIL "$label" "server not ready after ${READY_WAIT_SECONDS}s"
    return
  fi

  timeout "$STEP_TIMEOUT" "$client_program" "${client_args[@]}" >"$files.client.out" 2>"$files.client.err" </dev/null &
  client_pid=$!
  wait "$client_pid" || status=$?
  client_pid=""
  if [[ "$status" -ne 0 ]]; then
    stop_server
    report FAIL "$label" "$(exit_reason client "$status" "$files.client.err")"
    return
  fi
  if ! grep -qx PASS "$files.client.out"; then
    stop_server
    report FAIL "$label" "client exited 0 without printing PASS"
    return
  fi

  # The client passed; the server must also finish its session and exit cleanly (its own timeout bounds this).
  wait "$server_pid" || status=$?
  server_pid=""
  if [[ "$status" -ne 0 ]]; then
    report FAIL "$label" "$(exit_reason server "$status" "$files.server.err")"
    return
  fi
  # A server removes its region when it exits; a file left behind would be a leak.
  leftover="$(leftover_regions "$service")"
  if [[ -n "$leftover" ]]; then
    report FAIL "$label" "region file left behind: ${leftover//$'\n'/ }"
    return
  fi
  report PASS "$label"
}

# run_service_test KIND MODE PROFILE SERVER_INDEX CLIENT_INDEX: one Level 2 (KIND service) or
# Level 3 (KIND cache) test. MODE is the mode prefix ("" for the snapshot, "apps-", ...);
# PROFILE is "baseline" or "shm".
run_service_test() {
  local kind="$1" mode="$2" profile="$3" server="${fixture_names[$4]}" client="${fixture_names[$5]}"
  local server_program client_program label service files ready leftover status=0 server_status=0
  local -a profile_env=(env)
  if [[ "$kind" == service ]]; then
    server_program="${service_programs[$4]}"
    client_program="${service_programs[$5]}"
  else
    server_program="${cache_programs[$4]}"
    client_program="${cache_programs[$5]}"
  fi
  local what="${mode%-}"
  label="$(printf '%-18s %s server <- %s client' "$kind ${what:-snapshot} $profile" "$server" "$client")"
  if [[ -z "$server_program" || -z "$client_program" ]]; then
    report SKIP "$label" "no $kind fixture for $([[ -z "$server_program" ]] && echo "$server" || echo "$client")"
    return
  fi
  [[ "$profile" == shm ]] && profile_env+=(NIPC_PROFILE=shm)
  service="$kind-${mode}$profile-$server-$client"
  files="$run_dir/$service"

  : >"$files.server.out"
  timeout "$SERVICE_STEP_TIMEOUT" "${profile_env[@]}" "$server_program" "${mode}server" "$run_dir" "$service" \
    >"$files.server.out" 2>"$files.server.err" </dev/null &
  server_pid=$!
  ready=0
  wait_ready "$files.server.out" || ready=$?
  if [[ "$ready" -ne 0 ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" || status=$?
    server_pid=""
    report FAIL "$label" "server never ready: $(exit_reason server "$status" "$files.server.err" "$SERVICE_STEP_TIMEOUT")"
    return
  fi

  timeout "$SERVICE_STEP_TIMEOUT" "${profile_env[@]}" "$client_program" "${mode}client" "$run_dir" "$service" \
    >"$files.client.out" 2>"$files.client.err" </dev/null &
  client_pid=$!
  wait "$client_pid" || status=$?
  client_pid=""
  # The server serves until terminated: SIGTERM it and keep its status (0 when it had already
  # ended by itself, as the Rust fixture does after a while; 143 when the signal ended it).
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" || server_status=$?
  server_pid=""
  if [[ "$status" -ne 0 ]]; then
    report FAIL "$label" "$(exit_reason client "$status" "$files.client.err" "$SERVICE_STEP_TIMEOUT")"
    return
  fi
  if [[ "$server_status" -ne 0 && "$server_status" -ne "$TERMINATED_STATUS" ]]; then
    report FAIL "$label" "$(exit_reason server "$server_status" "$files.server.err" "$SERVICE_STEP_TIMEOUT")"
    return
  fi
  if ! grep -qx PASS "$files.client.out"; then
    report FAIL "$label" "client exited 0 without printing PASS"
    return
  fi
  if [[ "$server" == java ]]; then
    leftover="$(find "$run_dir" -maxdepth 1 \( -name "$service.sock" -o -name "$service-*.ipcshm" \) -printf '%f\n')"
    if [[ -n "$leftover" ]]; then
      report FAIL "$label" "file left behind: ${leftover//$'\n'/ }"
      return
    fi
  fi
  report PASS "$label"
}

for test in echo pipeline shm; do
  for server in "${!fixture_names[@]}"; do
    for client in "${!fixture_names[@]}"; do
      run_test "$test" "$server" "$client"
    done
  done
done

for profile in baseline shm; do
  [[ "$matrix_service" == 1 ]] || break
  for mode in "" apps- cgroups- apps-mixed- cgroups-mixed-; do
    for server in "${!fixture_names[@]}"; do
      for client in "${!fixture_names[@]}"; do
        run_service_test service "$mode" "$profile" "$server" "$client"
      done
    done
  done
  for server in "${!fixture_names[@]}"; do
    for client in "${!fixture_names[@]}"; do
      run_service_test cache "" "$profile" "$server" "$client"
    done
  done
done

echo "$passed passed, $failed failed, $skipped skipped"
[[ "$failed" -eq 0 ]] || exit 1
