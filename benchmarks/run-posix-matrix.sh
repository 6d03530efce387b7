#!/usr/bin/env bash
# Runs the POSIX benchmark matrix: every directed pair among the available drivers (Java always;
# the reference C, Rust and Go drivers when NETIPC_BENCH_C, NETIPC_BENCH_RUST, NETIPC_BENCH_GO name
# their bench_posix binaries), every scenario at every rate, then generates the report from the CSV.
#
#   benchmarks/run-posix-matrix.sh [--quick]
#
# Writes benchmarks-posix.csv and benchmarks-posix.md into $NETIPC_BENCH_OUT (default: benchmarks/).
# Every maximum-rate pair and lookup-bench runs in $NETIPC_BENCH_ROUNDS rounds (full: 3, quick: 1),
# interleaved so that a machine's drift hits every driver alike; the CSV keeps the round with the
# median throughput, benchmarks-posix-rounds.csv all of them.
# --quick: short runs, maximum rate only (a few minutes on 2 cores). Build first:
#   ./mvnw -B -q -DskipTests package -pl benchmarks -am
set -euo pipefail
here="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
out_dir="${NETIPC_BENCH_OUT:-$here}"
jar="$here/target/bench_posix.jar"
[[ -f "$jar" ]] || { echo "run-posix-matrix: build first: ./mvnw -B -q -DskipTests package -pl benchmarks -am" >&2; exit 2; }

mode=full
if [[ "${1:-}" == --quick ]]; then
  mode=quick
elif [[ $# -gt 0 ]]; then
  echo "usage: run-posix-matrix.sh [--quick]" >&2
  exit 2
fi

if [[ $mode == quick ]]; then
  default_rounds=1; duration=2; max_duration=3; rates=(0); snapshot_rates=(0)
  lookup_methods=(cgroups-lookup-method-mixed-16 apps-lookup-method-mixed-16)
else
  default_rounds=3; duration=5; max_duration=10; rates=(0 100000 10000); snapshot_rates=(0 1000)
  lookup_methods=(cgroups-lookup-method-known-1 cgroups-lookup-method-mixed-16 cgroups-lookup-method-mixed-256
    cgroups-lookup-method-unknown-8192 apps-lookup-method-known-1 apps-lookup-method-mixed-16
    apps-lookup-method-mixed-256 apps-lookup-method-unknown-8192)
fi
rounds="${NETIPC_BENCH_ROUNDS:-$default_rounds}"
# Odd, so that the median is one of the rounds rather than the lower of two middles.
[[ "$rounds" =~ ^[1-9][0-9]*$ && $((rounds % 2)) -eq 1 ]] \
  || { echo "run-posix-matrix: NETIPC_BENCH_ROUNDS must be an odd positive integer" >&2; exit 2; }
readonly READY_WAIT_TICKS=100   # tenths of a second
readonly SERVER_GRACE_SECONDS=3 # the drivers' own: servers stop this long after their duration

names=(java); bins=("$here/bin/bench_posix")
add_driver() {
  if [[ -n "$2" ]]; then
    [[ -x "$2" ]] || { echo "run-posix-matrix: $1 driver $2 is not executable" >&2; exit 2; }
    names+=("$1"); bins+=("$2")
  fi
}
add_driver c "${NETIPC_BENCH_C:-}"
add_driver rust "${NETIPC_BENCH_RUST:-}"
add_driver go "${NETIPC_BENCH_GO:-}"

run_dir="$(mktemp -d /tmp/netipc-bench.XXXXXX)"
chmod 0700 "$run_dir"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$run_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

csv="$out_dir/benchmarks-posix.csv"
rounds_csv="$out_dir/benchmarks-posix-rounds.csv"
tmp_csv="$run_dir/rounds.csv"
header="scenario,client,server,target_rps,throughput,p50_us,p95_us,p99_us,client_cpu_pct,server_cpu_pct,total_cpu_pct"
echo "$header" >"$tmp_csv"

# median_rows FILE: per scenario, client, server and rate (in the order first run), the row of the
# round with the median throughput (the lower middle should a round have failed).
median_rows() {
  tail -n +2 "$1" | awk -F, '
    {
      key = $1 FS $2 FS $3 FS $4
      if (!(key in count)) order[++keys] = key
      n = ++count[key]; row[key, n] = $0; rate[key, n] = $5 + 0
      for (i = n; i > 1 && rate[key, i - 1] > rate[key, i]; i--) {
        t = row[key, i]; row[key, i] = row[key, i - 1]; row[key, i - 1] = t
        t = rate[key, i]; rate[key, i] = rate[key, i - 1]; rate[key, i - 1] = t
      }
    }
    END { for (k = 1; k <= keys; k++) print row[order[k], int((count[order[k]] + 1) / 2)] }'
}

# row CLIENT_LINE CLIENT SERVER RATE SERVER_CPU_PCT: the driver's line with our names, rate and server CPU.
row() {
  awk -F, -v OFS=, -v client="$2" -v server="$3" -v rate="$4" -v scpu="$5" 'NR == 1 {
    total = $8 + scpu
    printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%.1f,%.1f\n", $1, client, server, rate, $4, $5, $6, $7, $8, scpu, total
  }' <<<"$1"
}

# pair SCENARIO SERVER_INDEX CLIENT_INDEX RATE
pair() {
  local scenario="$1" s="$2" c="$3" rate="$4"
  local run_for=$duration
  [[ "$rate" == 0 ]] && run_for=$max_duration
  local service="b-$scenario-${names[$s]}-${names[$c]}" server_out="$run_dir/server.out" line cpu
  : >"$server_out"
  "${bins[$s]}" "$scenario-server" "$run_dir" "$service" "$run_for" >"$server_out" 2>"$run_dir/server.err" &
  server_pid=$!
  for ((i = 0; i < READY_WAIT_TICKS; i++)); do
    grep -qx READY "$server_out" && break
    sleep 0.1
  done
  if ! grep -qx READY "$server_out"; then
    echo "FAIL  $scenario ${names[$s]} server did not start: $(cat "$run_dir/server.err")" >&2
    return 1
  fi
  if ! line="$(NETIPC_BENCH_SERVER_LANG="${names[$s]}" "${bins[$c]}" "$scenario-client" "$run_dir" "$service" \
      "$run_for" "$rate" 2>"$run_dir/client.err")"; then
    echo "FAIL  $scenario ${names[$c]} client <- ${names[$s]} server at $rate/s: $(cat "$run_dir/client.err")" >&2
    return 1
  fi
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  cpu="$(sed -n 's/^SERVER_CPU_SEC=//p' "$server_out" | tail -1)"
  if [[ -z "$cpu" ]]; then
    echo "FAIL  $scenario ${names[$s]} server printed no SERVER_CPU_SEC; refusing a fake 0%" >&2
    return 1
  fi
  row "$line" "${names[$c]}" "${names[$s]}" "$rate" \
    "$(awk -v cpu="$cpu" -v d="$run_for" 'BEGIN { printf "%.1f", cpu / d * 100 }')" >>"$tmp_csv"
  echo "ok    $(tail -1 "$tmp_csv")"
}

failed=0
for scenario in uds-ping-pong shm-ping-pong uds-batch-ping-pong shm-batch-ping-pong snapshot snapshot-shm; do
  scenario_rates=("${rates[@]}")
  [[ $scenario == snapshot* ]] && scenario_rates=("${snapshot_rates[@]}")
  for rate in "${scenario_rates[@]}"; do
    rate_rounds=1
    [[ "$rate" == 0 ]] && rate_rounds=$rounds
    for ((round = 1; round <= rate_rounds; round++)); do
      for s in "${!names[@]}"; do
        for c in "${!names[@]}"; do
          pair "$scenario" "$s" "$c" "$rate" || failed=$((failed + 1))
        done
      done
    done
  done
done
for ((round = 1; round <= rounds; round++)); do
  for d in "${!names[@]}"; do
    if line="$("${bins[$d]}" lookup-bench "$duration" 2>"$run_dir/client.err")"; then
      row "$line" "${names[$d]}" "${names[$d]}" 0 0.0 >>"$tmp_csv"; echo "ok    $(tail -1 "$tmp_csv")"
    else
      echo "FAIL  lookup-bench ${names[$d]}: $(cat "$run_dir/client.err")" >&2; failed=$((failed + 1))
    fi
  done
done
for d in "${!names[@]}"; do
  for method in "${lookup_methods[@]}"; do
    if line="$("${bins[$d]}" lookup-method-bench "$duration" "$method" 0 2>"$run_dir/client.err")"; then
      row "$line" "${names[$d]}" "${names[$d]}" 0 0.0 >>"$tmp_csv"; echo "ok    $(tail -1 "$tmp_csv")"
    else
      echo "FAIL  $method ${names[$d]}: $(cat "$run_dir/client.err")" >&2; failed=$((failed + 1))
    fi
  done
done

cp "$tmp_csv" "$rounds_csv"
{ echo "$header"; median_rows "$tmp_csv"; } >"$csv"
drivers="$(IFS=,; echo "${names[*]}")"
java -cp "$jar" io.netdata.netipc.bench.report.BenchReport "$csv" "$out_dir/benchmarks-posix.md" \
  --drivers "$drivers" --rates "$(IFS=,; echo "${rates[*]}")" --snapshot-rates "$(IFS=,; echo "${snapshot_rates[*]}")" \
  --lookup-methods "$(IFS=,; echo "${lookup_methods[*]}")" --mode "$mode" --rounds "$rounds"
echo "$failed failed runs; report: $out_dir/benchmarks-posix.md"
[[ $failed -eq 0 ]]
