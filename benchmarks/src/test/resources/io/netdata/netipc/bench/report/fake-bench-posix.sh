#!/usr/bin/env bash
# A stand-in for a bench_posix driver, for MatrixRunnerTest: the same command line, READY, one CSV
# line, SERVER_CPU_SEC, but no IPC and no measuring. Its language is its file name after "fake-".
#
# Like the reference Rust and Go servers, a server has no SIGTERM handler and prints SERVER_CPU_SEC
# only when its own timer stops it, so a runner that signals it early loses the row. Its timer here
# runs out SERVER_SECONDS after its client has ended (which the client marks with a file), rather than
# after its duration, to keep the tests short.
#
# $FAKE_FAULTS: space-separated LANG:SUBCOMMAND:FAULT, the FAULT applying to that driver's SUBCOMMAND:
#   fail      a client that exits 1 without a line, as on a wrong answer
#   hang      a client that never ends
#   no-ready  a server that runs but never prints READY
#   die       a server that exits 1 before READY
#   no-cpu    a server that exits after READY without SERVER_CPU_SEC
#   linger    a server that prints READY and never stops by itself
#   throughput=T[@N]  a client that exits 0 with T as its row's throughput (on its Nth call only, if @N)
#   garbled   a client that exits 0 with a row whose p50 is not a number, which only the generator refuses
# A client's throughput cycles through THROUGHPUTS, call by call for the same subcommand, server and
# rate, and its p50 is the call's number (from 1), so that a test can tell the rounds apart.
set -euo pipefail
lang="${0##*/}"
lang="${lang#fake-}"
dir="$(dirname "$0")"
echo "$$" >>"$dir/pids"
readonly THROUGHPUTS=(300 100 200)
readonly SERVER_SECONDS=0.05
readonly POLL_SECONDS=0.02
readonly FOREVER_SECONDS=600

# A sleep without a child process, so that a signal to this script leaves nothing running:
# nobody writes into the test's FIFO, so read waits out its timeout.
pause() {
  read -r -t "$1" <>"$dir/fifo" || true
}

fault=""
for spec in ${FAKE_FAULTS:-}; do
  [[ $spec == "$lang:$1:"* ]] && fault="${spec##*:}"
done

case "$1" in
  *-server)
    case "$fault" in
      no-ready) pause "$FOREVER_SECONDS"; exit 1 ;;
      die) echo "fake: crashed" >&2; exit 1 ;;
    esac
    echo READY
    [[ $fault == no-cpu ]] && exit 0
    [[ $fault == linger ]] && pause "$FOREVER_SECONDS"
    until [[ -e "$dir/done-$3" ]]; do
      pause "$POLL_SECONDS"
    done
    pause "$SERVER_SECONDS"
    echo "SERVER_CPU_SEC=0.250000"
    exit 0
    ;;
  *-client)
    scenario="${1%-client}"; rate="$5"; done_mark="$dir/done-$3"
    [[ $scenario == snapshot ]] && scenario=snapshot-baseline
    ;;
  lookup-bench) scenario=lookup; rate=0; done_mark="" ;;
  lookup-method-bench) scenario="$3"; rate="$4"; done_mark="" ;;
  *) echo "fake: unknown subcommand $1" >&2; exit 1 ;;
esac
case "$fault" in
  fail) echo "fake: wrong answer" >&2; exit 1 ;;
  hang) pause "$FOREVER_SECONDS"; exit 1 ;;
esac
counter="$dir/calls-$lang-$scenario-${NETIPC_BENCH_SERVER_LANG:-$lang}-$rate"
calls=$(($(cat "$counter" 2>/dev/null || echo 0) + 1))
echo "$calls" >"$counter"
echo "starting" # not the row: the runner must pick the row by its scenario, as the reference runner does
throughput="${THROUGHPUTS[(calls - 1) % ${#THROUGHPUTS[@]}]}"
p50="$calls"
if [[ $fault == throughput=* ]]; then
  forced="${fault#throughput=}"
  forced_call="$calls"
  if [[ $forced == *@* ]]; then
    forced_call="${forced##*@}"
    forced="${forced%@*}"
  fi
  [[ $forced_call == "$calls" ]] && throughput="$forced"
fi
[[ $fault == garbled ]] && p50=x
echo "$scenario,$lang,${NETIPC_BENCH_SERVER_LANG:-$lang},$throughput,$p50,20,30,50.0,0.0,50.0"
[[ -z $done_mark ]] || : >"$done_mark"
