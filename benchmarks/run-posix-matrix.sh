#!/usr/bin/env bash
# Runs the POSIX benchmark matrix: every directed pair among the available drivers (Java always;
# the reference C, Rust and Go drivers when NETIPC_BENCH_C, NETIPC_BENCH_RUST, NETIPC_BENCH_GO name
# their bench_posix binaries), every scenario at every rate, then generates the report from the CSV.
#
#   benchmarks/run-posix-matrix.sh [--quick]
#
# Every maximum-rate pair runs in $NETIPC_BENCH_ROUNDS rounds (full: 3, quick: 1), interleaved so that a
# machine's drift hits every driver alike, and lookup-bench in three times as many, spread between them;
# the CSV keeps the round with the median throughput, benchmarks-posix-rounds.csv all of them.
# --quick: short runs, maximum rate only, two lookup methods (about three minutes on 2 cores). Build first:
#   ./mvnw -B -q -DskipTests package -pl benchmarks -am
#
# Only a complete run writes into $NETIPC_BENCH_OUT (default: benchmarks/): benchmarks-posix.csv,
# benchmarks-posix-rounds.csv and benchmarks-posix.md, moved there once the report generator has
# accepted the matrix. When a run fails, nothing there changes: the run directory, with every run's
# output and the rounds so far (rounds.csv), is kept and its path printed, and the exit status is 1.
# Exit statuses: 0 complete, 1 failed runs or report refused, 2 usage or setup, 130/143 interrupted
# (then the running server and client are stopped and the run directory removed).
#
# Environment for tests and diagnosis (defaults in parentheses):
#   NETIPC_BENCH_JAVA_DRIVER       the Java driver (benchmarks/bin/bench_posix)
#   NETIPC_BENCH_REPORT_CLASSPATH  class path of the report generator (benchmarks/target/bench_posix.jar)
#   NETIPC_BENCH_TIMEOUT_SLACK     seconds a client may run past its duration, and a server past its
#                                  client's end plus its own 3 s of grace, before either is stopped (15)
#   NETIPC_BENCH_READY_TIMEOUT     seconds a server has to print READY (10)
#   NETIPC_BENCH_READY_SETTLE      seconds between READY and the client's start (0.5)
# The whole script is one block, which bash reads to its end before it runs any of it: an edit of this
# file (or a checkout of another version) during a half-hour run cannot change what the run executes.
{
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
out_dir="${NETIPC_BENCH_OUT:-$here}"
jar="$here/target/bench_posix.jar"
# The generator runs on the drivers' JVM, so that the report's JDK row names the one measured.
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_driver="${NETIPC_BENCH_JAVA_DRIVER:-$here/bin/bench_posix}"
report_classpath="${NETIPC_BENCH_REPORT_CLASSPATH:-$jar}"
readonly BUILD_HINT="./mvnw -B -q -DskipTests package -pl benchmarks -am"
readonly EXIT_FAILED=1 EXIT_USAGE=2 EXIT_INT=130 EXIT_TERM=143

setup_error() {
  echo "run-posix-matrix: $*" >&2
  exit "$EXIT_USAGE"
}

if [[ -z "${NETIPC_BENCH_JAVA_DRIVER:-}" || -z "${NETIPC_BENCH_REPORT_CLASSPATH:-}" ]]; then
  [[ -f "$jar" ]] || setup_error "build first: $BUILD_HINT"
fi

# Checked before the runs, so that a matrix is not measured for half an hour to be lost at the end.
[[ -d "$out_dir" && -w "$out_dir" ]] || setup_error "output directory $out_dir is not a writable directory"

mode=full
if [[ "${1:-}" == --quick ]]; then
  mode=quick
elif [[ $# -gt 0 ]]; then
  echo "usage: run-posix-matrix.sh [--quick]" >&2
  exit "$EXIT_USAGE"
fi

# Durations in seconds: maximum-rate rows and lookup-bench run max_duration, paced rows duration.
if [[ $mode == quick ]]; then
  default_rounds=1; duration=2; max_duration=3; rates=(0); snapshot_rates=(0)
  lookup_methods=(cgroups-lookup-mixed-16 apps-lookup-mixed-16)
else
  default_rounds=3; duration=5; max_duration=10; rates=(0 100000 10000); snapshot_rates=(0 1000)
  # The reference's lookup-method scenarios, so that these rows compare with upstream's report.
  lookup_methods=(cgroups-lookup-known-16 cgroups-lookup-unknown-16 cgroups-lookup-mixed-16
    cgroups-lookup-mixed-256 cgroups-lookup-known-8192 cgroups-lookup-known-32768
    apps-lookup-known-16 apps-lookup-unknown-16 apps-lookup-mixed-16
    apps-lookup-mixed-256 apps-lookup-known-8192 apps-lookup-known-32768)
fi
readonly PAIR_SCENARIOS=(uds-ping-pong shm-ping-pong uds-batch-ping-pong shm-batch-ping-pong snapshot-baseline
  snapshot-shm)
rounds="${NETIPC_BENCH_ROUNDS:-$default_rounds}"
# Odd, so that the median is one of the rounds rather than the lower of two middles.
[[ "$rounds" =~ ^[1-9][0-9]*$ && $((rounds % 2)) -eq 1 ]] \
  || setup_error "NETIPC_BENCH_ROUNDS must be an odd positive integer"
# lookup-bench is one thread on one CPU for its whole run, so a spell of contention on the host decides a
# whole run (docs/benchmarks.md); more runs, spread over the matrix, let the median see past a spell.
# Must stay odd, so that (odd rounds times it) the median is one of the runs.
readonly LOOKUP_ROUNDS_PER_ROUND=3
lookup_rounds=$((rounds * LOOKUP_ROUNDS_PER_ROUND))

timeout_slack="${NETIPC_BENCH_TIMEOUT_SLACK:-15}"
ready_timeout="${NETIPC_BENCH_READY_TIMEOUT:-10}"
ready_settle="${NETIPC_BENCH_READY_SETTLE:-0.5}"
[[ "$timeout_slack" =~ ^[1-9][0-9]*$ ]] || setup_error "NETIPC_BENCH_TIMEOUT_SLACK must be a positive integer"
[[ "$ready_timeout" =~ ^[1-9][0-9]*$ ]] || setup_error "NETIPC_BENCH_READY_TIMEOUT must be a positive integer"
[[ "$ready_settle" =~ ^[0-9]+(\.[0-9]+)?$ ]] || setup_error "NETIPC_BENCH_READY_SETTLE must be a number of seconds"
# Polls happen only while no client measures (waiting for READY or for a server's exit), so they are cheap.
readonly POLL_SECONDS=0.05 POLLS_PER_SECOND=20
# The drivers' own: a server stops this long after its duration, then prints SERVER_CPU_SEC.
readonly SERVER_GRACE_SECONDS=3
# How long a process has to exit after SIGTERM before SIGKILL, and after SIGKILL before we give up on it.
readonly TERM_WAIT_SECONDS=3
readonly ERROR_LINES=5

names=(java); bins=("$java_driver")
add_driver() {
  if [[ -n "$2" ]]; then
    [[ -x "$2" ]] || setup_error "$1 driver $2 is not executable"
    names+=("$1"); bins+=("$2")
  fi
}
[[ -x "$java_driver" ]] || setup_error "java driver $java_driver is not executable"
add_driver c "${NETIPC_BENCH_C:-}"
add_driver rust "${NETIPC_BENCH_RUST:-}"
add_driver go "${NETIPC_BENCH_GO:-}"

run_dir="$(mktemp -d --tmpdir netipc-bench.XXXXXX)"
chmod 0700 "$run_dir"
keep_run_dir=0
# The one server and the one client running at any time (pair ends its server on every path), for the
# EXIT trap to stop should the runner be interrupted or fail unexpectedly.
server_pid=""
client_pid=""
failures=()
client_row=""

# alive PID: whether PID still runs. Bash reaps its children as they exit, so an exited one is gone.
alive() {
  kill -0 "$1" 2>/dev/null
}

# await_exit PID SECONDS: whether PID exits within SECONDS.
await_exit() {
  local pid="$1" polls=$(($2 * POLLS_PER_SECOND))
  while alive "$pid"; do
    ((polls-- > 0)) || return 1
    sleep "$POLL_SECONDS"
  done
}

# end_process PID SECONDS: lets our child PID exit by itself for SECONDS (the Rust and Go servers
# print SERVER_CPU_SEC only when their own timer stops them), then SIGTERM, then SIGKILL, each
# bounded, and reaps it. Returns 1 when it had to be signalled.
end_process() {
  local pid="$1" status=0
  if ! await_exit "$pid" "$2"; then
    status=1
    kill -TERM "$pid" 2>/dev/null || true
    if ! await_exit "$pid" "$TERM_WAIT_SECONDS"; then
      kill -KILL "$pid" 2>/dev/null || true
      await_exit "$pid" "$TERM_WAIT_SECONDS" || { echo "run-posix-matrix: pid $pid survived SIGKILL" >&2; return 1; }
    fi
  fi
  wait "$pid" 2>/dev/null || true
  return "$status"
}

# Called by the EXIT trap only, which shellcheck does not follow inside the block.
# shellcheck disable=SC2317
cleanup() {
  # A second Ctrl-C must not cut the cleanup short; it is bounded by the waits of end_process.
  trap '' INT TERM
  # A client runs under timeout, which passes a SIGTERM on to the client's whole process group.
  [[ -z "$client_pid" ]] || end_process "$client_pid" 0 || true
  [[ -z "$server_pid" ]] || end_process "$server_pid" 0 || true
  if [[ $keep_run_dir == 1 ]]; then
    echo "run-posix-matrix: kept for diagnosis: $run_dir" >&2
  else
    rm -rf "$run_dir"
  fi
}
trap cleanup EXIT
trap 'exit $EXIT_INT' INT
trap 'exit $EXIT_TERM' TERM

# The java flags bin/bench_posix uses, for the generator's native calls (JDK 23+ asks for them).
java_flags=()
java_feature="$("$java_cmd" -version 2>&1 | sed -n 's/^.* version "\([0-9]*\).*/\1/p' | head -n 1)"
if ((${java_feature:-0} >= 23)); then
  java_flags=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi

logs="$run_dir/logs"
mkdir "$logs"
tmp_csv="$run_dir/rounds.csv"
header="scenario,client,server,target_rps,throughput,p50_us,p95_us,p99_us,client_cpu_pct,server_cpu_pct,total_cpu_pct"
echo "$header" >"$tmp_csv"

# fail WHAT FILE...: records a failed run and prints it with the last lines of the given output files.
fail() {
  local what="$1" file
  shift
  failures+=("$what")
  echo "FAIL  $what" >&2
  for file in "$@"; do
    [[ -s "$file" ]] && tail -n "$ERROR_LINES" "$file" | sed "s|^|      ${file##*/}: |" >&2
  done
  return 0
}

# median_rows FILE: per scenario, client, server and rate (in the order first run), the row of the
# round with the median throughput.
median_rows() {
  tail -n +2 "$1" | awk -F, '
    {
      key = $1 FS $2 FS $3 FS $4
      if (!(key in count)) order[++keys] = key
      n = ++count[key]; row[key, n] = $0; throughput[key, n] = $5 + 0
      for (i = n; i > 1 && throughput[key, i - 1] > throughput[key, i]; i--) {
        t = row[key, i]; row[key, i] = row[key, i - 1]; row[key, i - 1] = t
        t = throughput[key, i]; throughput[key, i] = throughput[key, i - 1]; throughput[key, i - 1] = t
      }
    }
    END { for (k = 1; k <= keys; k++) print row[order[k], int((count[order[k]] + 1) / 2)] }'
}

# row CLIENT_LINE CLIENT SERVER RATE SERVER_CPU_PCT: the driver's line with our names, rate and server CPU.
row() {
  awk -F, -v OFS=, -v client="$2" -v server="$3" -v rate="$4" -v scpu="$5" 'NR == 1 {
    printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%.3f,%.3f\n", $1, client, server, rate, $4, $5, $6, $7, $8, scpu, $8 + scpu
  }' <<<"$1"
}

# run_client LOG SECONDS COMMAND...: runs COMMAND under timeout with its output in LOG.out and LOG.err.
# In the background and waited for, because bash runs a trap only once a foreground command ends.
run_client() {
  local log="$1" limit="$2" status=0
  shift 2
  timeout --kill-after="$TERM_WAIT_SECONDS" "$limit" "$@" >"$log.out" 2>"$log.err" &
  client_pid=$!
  wait "$client_pid" || status=$?
  client_pid=""
  return "$status"
}

# client_line LOG SCENARIO STATUS LIMIT WHAT: sets client_row to the client's CSV line for SCENARIO, or
# records the failure and returns 1. Not called in $(...): a failure recorded in a subshell would be lost.
client_line() {
  local log="$1" scenario="$2" status="$3" limit="$4" what="$5"
  client_row=""
  # timeout exits 124 when it stopped the client, 137 when that took a SIGKILL.
  if [[ $status == 124 || $status == 137 ]]; then
    fail "$what: client timed out after $limit s" "$log.err"
    return 1
  elif [[ $status != 0 ]]; then
    fail "$what: client exited with status $status" "$log.err"
    return 1
  fi
  client_row="$(grep -m 1 "^$scenario," "$log.out")" || {
    fail "$what: client printed no $scenario row" "$log.out" "$log.err"
    return 1
  }
  # A run that counted nothing failed: as a round among several, the median would silently drop it.
  if ! awk -F, '{ exit !($4 ~ /^[0-9]+(\.[0-9]+)?$/ && $4 + 0 > 0) }' <<<"$client_row"; then
    fail "$what: client's row counts no throughput: $client_row" "$log.out"
    return 1
  fi
}

# await_ready PID OUT: whether server PID prints READY into OUT in time; fails at once if it exits.
await_ready() {
  local pid="$1" out="$2" polls=$((ready_timeout * POLLS_PER_SECOND))
  # -s: the server may not have created its output file yet.
  until grep -sqx READY "$out"; do
    if ! alive "$pid"; then
      # It may have printed READY just before it exited.
      grep -sqx READY "$out" && return 0
      ready_problem="exited before READY"
      return 1
    fi
    if ((polls-- <= 0)); then
      ready_problem="printed no READY within $ready_timeout s"
      return 1
    fi
    sleep "$POLL_SECONDS"
  done
}

duration_for() {
  if [[ $1 == 0 ]]; then echo "$max_duration"; else echo "$duration"; fi
}

# The driver's subcommand prefix of a CSV scenario name.
subcommand_of() {
  if [[ $1 == snapshot-baseline ]]; then echo snapshot; else echo "$1"; fi
}

# pair SCENARIO SERVER_INDEX CLIENT_INDEX RATE ROUND: one run; a row in rounds.csv or a recorded failure.
# Every path stops and reaps the server before returning.
pair() {
  local scenario="$1" s="$2" c="$3" rate="$4" round="$5"
  local subcommand run_for limit service log what status=0 cpu ready_problem=""
  subcommand="$(subcommand_of "$scenario")"
  run_for="$(duration_for "$rate")"
  limit=$((run_for + timeout_slack))
  # Its own service name and output files per run, so that nothing one run leaves can meet the next.
  service="b-$subcommand-${names[$s]}-${names[$c]}-$rate-r$round"
  log="$logs/$service"
  what="$scenario ${names[$c]} client -> ${names[$s]} server at $rate/s, round $round"
  "${bins[$s]}" "$subcommand-server" "$run_dir" "$service" "$run_for" >"$log.server.out" 2>"$log.server.err" &
  server_pid=$!
  if ! await_ready "$server_pid" "$log.server.out"; then
    end_process "$server_pid" 0 || true
    server_pid=""
    fail "$what: server $ready_problem" "$log.server.out" "$log.server.err"
    return 0
  fi
  # As the reference runner does: a driver may print READY just before its server loop starts.
  sleep "$ready_settle"
  run_client "$log.client" "$limit" env NETIPC_BENCH_SERVER_LANG="${names[$s]}" \
    "${bins[$c]}" "$subcommand-client" "$run_dir" "$service" "$run_for" "$rate" || status=$?
  if ! client_line "$log.client" "$scenario" "$status" "$limit" "$what"; then
    # The client failed: nothing to wait for.
    end_process "$server_pid" 0 || true
    server_pid=""
    return 0
  fi
  # A server stops by itself SERVER_GRACE_SECONDS after its duration, which ends before its client's
  # (the client starts after READY): so within that grace of the client's end, or the slack past it.
  end_process "$server_pid" $((SERVER_GRACE_SECONDS + timeout_slack)) \
    || echo "run-posix-matrix: $what: the server did not stop by itself" >&2
  server_pid=""
  cpu="$(sed -n 's/^SERVER_CPU_SEC=//p' "$log.server.out" | tail -1)"
  if [[ -z "$cpu" ]]; then
    fail "$what: server printed no SERVER_CPU_SEC; refusing a fake 0%" "$log.server.out" "$log.server.err"
    return 0
  fi
  row "$client_row" "${names[$c]}" "${names[$s]}" "$rate" \
    "$(awk -v cpu="$cpu" -v d="$run_for" 'BEGIN { printf "%.3f", cpu / d * 100 }')" >>"$tmp_csv"
  echo "ok    $(tail -1 "$tmp_csv")"
}

# local_run DRIVER_INDEX SCENARIO RATE ROUND ARGS...: lookup-bench or lookup-method-bench, no server.
local_run() {
  local d="$1" scenario="$2" rate="$3" round="$4" limit status=0 what
  shift 4
  limit=$(($(duration_for "$rate") + timeout_slack))
  what="$scenario ${names[$d]} at $rate/s, round $round"
  local log="$logs/$scenario-${names[$d]}-$rate-r$round"
  run_client "$log" "$limit" "${bins[$d]}" "$@" || status=$?
  client_line "$log" "$scenario" "$status" "$limit" "$what" || return 0
  row "$client_row" "${names[$d]}" "${names[$d]}" "$rate" 0 >>"$tmp_csv"
  echo "ok    $(tail -1 "$tmp_csv")"
}

# lookup_round: the next lookup-bench round, every driver once; odd rounds in driver order, even rounds
# in reverse, so that no driver always runs first.
lookups_done=0
lookup_round() {
  local round=$((lookups_done + 1)) i d count=${#names[@]}
  for ((i = 0; i < count; i++)); do
    d=$i
    ((round % 2 == 1)) || d=$((count - 1 - i))
    local_run "$d" lookup 0 "$round" lookup-bench "$max_duration"
  done
  lookups_done=$round
}

# The lookup rounds go between the maximum-rate pair rounds, spread evenly over them, so that they span
# the matrix rather than a few minutes of it.
pair_rounds_total=$((${#PAIR_SCENARIOS[@]} * rounds))
pair_rounds_done=0
for scenario in "${PAIR_SCENARIOS[@]}"; do
  scenario_rates=("${rates[@]}")
  [[ $scenario == snapshot* ]] && scenario_rates=("${snapshot_rates[@]}")
  for rate in "${scenario_rates[@]}"; do
    rate_rounds=1
    [[ "$rate" == 0 ]] && rate_rounds=$rounds
    for ((round = 1; round <= rate_rounds; round++)); do
      for s in "${!names[@]}"; do
        for c in "${!names[@]}"; do
          pair "$scenario" "$s" "$c" "$rate" "$round"
        done
      done
      if [[ "$rate" == 0 ]]; then
        pair_rounds_done=$((pair_rounds_done + 1))
        while ((lookups_done < pair_rounds_done * lookup_rounds / pair_rounds_total)); do
          lookup_round
        done
      fi
    done
  done
done
while ((lookups_done < lookup_rounds)); do
  lookup_round
done
for method in "${lookup_methods[@]}"; do
  for rate in "${rates[@]}"; do
    for d in "${!names[@]}"; do
      local_run "$d" "$method" "$rate" 1 lookup-method-bench "$(duration_for "$rate")" "$method" "$rate"
    done
  done
done

if ((${#failures[@]} > 0)); then
  keep_run_dir=1
  echo "run-posix-matrix: ${#failures[@]} failed runs; $out_dir left unchanged, no report:" >&2
  printf '  %s\n' "${failures[@]}" >&2
  echo "run-posix-matrix: the rounds that succeeded are in $tmp_csv" >&2
  exit "$EXIT_FAILED"
fi

# Staged in the run directory and moved into place only once the generator has accepted the matrix,
# so that the committed csv and md always belong together.
staged_csv="$run_dir/benchmarks-posix.csv"
staged_md="$run_dir/benchmarks-posix.md"
{ echo "$header"; median_rows "$tmp_csv"; } >"$staged_csv"
if ! "$java_cmd" "${java_flags[@]}" -cp "$report_classpath" io.netdata.netipc.bench.report.BenchReport \
    "$staged_csv" "$staged_md" --drivers "$(IFS=,; echo "${names[*]}")" --rates "$(IFS=,; echo "${rates[*]}")" \
    --snapshot-rates "$(IFS=,; echo "${snapshot_rates[*]}")" \
    --lookup-methods "$(IFS=,; echo "${lookup_methods[*]}")" --mode "$mode" --rounds "$rounds" \
    --lookup-rounds "$lookup_rounds"; then
  keep_run_dir=1
  echo "run-posix-matrix: the report generator refused the matrix; $out_dir left unchanged" >&2
  exit "$EXIT_FAILED"
fi
# Copied beside their targets under temporary names first (the run directory may be on another file
# system), then renamed: a failure before the renames changes nothing there and keeps the run directory.
publish() {
  local name
  for name in benchmarks-posix-rounds.csv benchmarks-posix.csv benchmarks-posix.md; do
    cp "$run_dir/publish/$name" "$out_dir/.$name.tmp" || return 1
  done
  for name in benchmarks-posix-rounds.csv benchmarks-posix.csv benchmarks-posix.md; do
    mv "$out_dir/.$name.tmp" "$out_dir/$name" || return 1
  done
}
mkdir -p "$run_dir/publish"
cp "$tmp_csv" "$run_dir/publish/benchmarks-posix-rounds.csv"
cp "$staged_csv" "$run_dir/publish/benchmarks-posix.csv"
cp "$staged_md" "$run_dir/publish/benchmarks-posix.md"
if ! publish; then
  keep_run_dir=1
  rm -f "$out_dir"/.benchmarks-posix*.tmp 2>/dev/null || true
  echo "run-posix-matrix: could not write into $out_dir; the results are in $run_dir/publish" >&2
  exit "$EXIT_FAILED"
fi
echo "complete; report: $out_dir/benchmarks-posix.md"
# Nothing after the block may be read, even if the file grew during the run.
exit 0
}
