#!/usr/bin/env bash
# Runs a Jazzer fuzzing campaign over the netipc-core fuzz targets (codec,
# handshake, UDS receive path, SHM region), one target after another, and
# prints a markdown summary table.
#
# Usage: scripts/fuzz-campaign.sh [options] [target...] [-- extra maven args]
#
#   -d, --duration SECONDS   fuzzing time per target (default 60)
#   -t, --unit-timeout SECS  one input running longer than this is a finding (default 10)
#       --heap SIZE          maximum Java heap of the fuzzing JVM (default 1g); an
#                            input that makes the decoder allocate more is a finding
#   -k, --keep-going         continue with the next target after a finding
#       --fresh-corpus       start every target from its seed corpus only
#   -l, --list               list the targets and exit
#   -h, --help
#
# A target is given as its @FuzzTest method name (e.g. helloAck), as
# Class#method or as package.Class#method below io.netdata.netipc; without
# targets all nineteen run. Arguments after "--" go to
# Maven unchanged (Maven also reads MAVEN_ARGS from the environment).
#
# This is not part of the normal build: `./mvnw test` runs the same @FuzzTest
# methods in regression mode only (seed corpora, no fuzzing).
#
# Results go to netipc-core/target/fuzz-campaign/<UTC timestamp>/: one Maven log
# per target, summary.md, and findings/ with every reproducer Jazzer wrote.
# Jazzer writes reproducers (crash-*, timeout-*, ...) into the target's seed
# directory under src/test/resources, where the next `mvn test` would pick them
# up as regression inputs; this script moves them out into findings/ and
# reports them, so nothing lands in the source tree unnoticed.
#
# The corpus Jazzer grows is kept in netipc-core/target/fuzz-corpus/ between
# campaigns (it is moved into .cifuzz-corpus/ only while its target runs, so
# that the normal build, which replays .cifuzz-corpus/ under JaCoCo, stays
# independent of earlier campaigns).
#
# Exit status: 0 when every target ran for the full duration without findings,
# 1 on a finding, 2 when a run failed for another reason (build error, ...).
set -euo pipefail

readonly ROOT_PACKAGE=io.netdata.netipc
readonly CODEC_FUZZ_PACKAGE=protocol.fuzz
readonly ALL_TARGETS=(
  protocol.fuzz.EnvelopeFuzzTest#messageHeader
  protocol.fuzz.EnvelopeFuzzTest#chunkHeader
  protocol.fuzz.EnvelopeFuzzTest#hello
  protocol.fuzz.EnvelopeFuzzTest#helloAck
  protocol.fuzz.EnvelopeFuzzTest#increment
  protocol.fuzz.EnvelopeFuzzTest#stringReverse
  protocol.fuzz.EnvelopeFuzzTest#batch
  protocol.fuzz.CgroupsSnapshotFuzzTest#cgroupsSnapshotRequest
  protocol.fuzz.CgroupsSnapshotFuzzTest#cgroupsSnapshotResponse
  protocol.fuzz.LookupFuzzTest#cgroupsLookupRequest
  protocol.fuzz.LookupFuzzTest#cgroupsLookupResponse
  protocol.fuzz.LookupFuzzTest#appsLookupRequest
  protocol.fuzz.LookupFuzzTest#appsLookupResponse
  transport.handshake.HandshakeFuzzTest#serverHello
  transport.handshake.HandshakeFuzzTest#clientHelloAck
  transport.uds.UdsReceiveFuzzTest#serverSession
  transport.uds.UdsReceiveFuzzTest#clientSession
  transport.shm.ShmRegionFuzzTest#attachHeader
  transport.shm.ShmRegionFuzzTest#consumeSnapshot
)
readonly FINDING_GLOBS=(crash-* timeout-* oom-* leak-* slow-unit-*)

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
}

duration=60
unit_timeout=10
heap=1g
keep_going=false
fresh_corpus=false
targets=()
maven_extra=()
while (($# > 0)); do
  case "$1" in
    -d | --duration) duration="$2"; shift 2 ;;
    -t | --unit-timeout) unit_timeout="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    -k | --keep-going) keep_going=true; shift ;;
    --fresh-corpus) fresh_corpus=true; shift ;;
    -l | --list) printf '%s\n' "${ALL_TARGETS[@]}"; exit 0 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; maven_extra=("$@"); break ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$duration" =~ ^[1-9][0-9]*$ ]] || { echo "duration must be a positive number of seconds" >&2; exit 2; }
[[ "$unit_timeout" =~ ^[1-9][0-9]*$ ]] || { echo "unit timeout must be a positive number of seconds" >&2; exit 2; }
[[ "$heap" =~ ^[1-9][0-9]*[kKmMgG]$ ]] || { echo "heap must look like 512m or 1g" >&2; exit 2; }

resolve_target() {
  local wanted="$1" candidate
  for candidate in "${ALL_TARGETS[@]}"; do
    if [[ "$candidate" == "$wanted" || "${candidate##*.}" == "$wanted" || "${candidate#*#}" == "$wanted" ]]; then
      echo "$candidate"
      return 0
    fi
  done
  echo "unknown target: $wanted (see --list)" >&2
  return 1
}

selected=()
if ((${#targets[@]} == 0)); then
  selected=("${ALL_TARGETS[@]}")
else
  for target in "${targets[@]}"; do
    selected+=("$(resolve_target "$target")")
  done
fi

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$repo/netipc-core"
resources="$module/src/test/resources"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$module/target/fuzz-campaign/$stamp"
corpus_store="$module/target/fuzz-corpus"
live_corpus="$module/.cifuzz-corpus"
mkdir -p "$out/findings" "$corpus_store"
cd "$repo"

jdk="$(java -version 2>&1 | head -n 1)"
jazzer_version="$(sed -n 's:.*<jazzer.version>\(.*\)</jazzer.version>.*:\1:p' pom.xml | head -n 1)"

# Moves a target's generated corpus between the store and the live directory.
# The class is fully qualified; the store keeps the simple name, as it always has.
corpus_in() {
  local class="$1" method="$2" simple="${1##*.}"
  mkdir -p "$live_corpus/$class"
  rm -rf "${live_corpus:?}/$class/$method"
  if [[ "$fresh_corpus" == false && -d "$corpus_store/$simple/$method" ]]; then
    mv "$corpus_store/$simple/$method" "$live_corpus/$class/$method"
  fi
}
corpus_out() {
  local class="$1" method="$2" simple="${1##*.}"
  if [[ -d "$live_corpus/$class/$method" ]]; then
    mkdir -p "$corpus_store/$simple"
    rm -rf "${corpus_store:?}/$simple/$method"
    mv "$live_corpus/$class/$method" "$corpus_store/$simple/$method"
  fi
  rmdir "$live_corpus/$class" "$live_corpus" 2>/dev/null || true
}
current_class=""
current_method=""
cleanup() {
  if [[ -n "$current_class" ]]; then
    corpus_out "$current_class" "$current_method"
  fi
}
trap cleanup EXIT

list_findings() {
  local dir="$1" glob
  [[ -d "$dir" ]] || return 0
  for glob in "${FINDING_GLOBS[@]}"; do
    find "$dir" -maxdepth 1 -type f -name "$glob" -printf '%f\n'
  done | sort
}

rows=()
status_total=0
echo "Fuzz campaign $stamp: ${#selected[@]} target(s), ${duration}s each; logs in $out"
for target in "${selected[@]}"; do
  class="$ROOT_PACKAGE.${target%%#*}"
  method="${target#*#}"
  package="${class%.*}"
  seeds="$resources/${package//.//}/${class##*.}Inputs/$method"
  # Only the code under test is instrumented for coverage feedback: the codec
  # harness has a package of its own; the transport harnesses share their
  # package with the code they drive, so only the fuzz test class is left out.
  if [[ "${target%%#*}" == "$CODEC_FUZZ_PACKAGE".* ]]; then
    excludes="$package.**"
  else
    excludes="$class*"
  fi
  log="$out/$method.log"
  before="$(list_findings "$seeds")"
  corpus_in "$class" "$method"
  current_class="$class"
  current_method="$method"

  echo "--- $target (${duration}s) ..."
  started=$(date +%s)
  set +e
  # -am also builds the modules netipc-core depends on (no test of theirs
  # matches -Dtest). JAZZER_FUZZ is set both ways: surefire drops the
  # environment variable from the forked JVM (netipc-core's pom excludes it so
  # that plain `mvn test` never fuzzes), and Jazzer 0.30.0 also honours it as a
  # system property. The heap limit goes through JAVA_TOOL_OPTIONS because the
  # pom's surefire <argLine> (JaCoCo's @{argLine} plus netipc.test.jvmArgs)
  # ignores -DargLine.
  JAZZER_FUZZ=1 JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Xmx${heap}" \
    timeout --kill-after=30 $((duration + 600)) ./mvnw -B -pl netipc-core -am test \
    -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -DJAZZER_FUZZ=1 \
    -Djazzer.max_duration="${duration}s" \
    -Djazzer.instrumentation_excludes="$excludes" \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Djunit.jupiter.execution.timeout.testtemplate.method.default="${unit_timeout}s" \
    -Djacoco.skip=true \
    "${maven_extra[@]}" >"$log" 2>&1
  rc=$?
  set -e
  wall=$(($(date +%s) - started))
  corpus_out "$class" "$method"
  current_class=""

  executions="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)"
  fuzz_seconds="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -n 1)"
  last_status="$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -n 1 || true)"
  if [[ -z "$executions" && -n "$last_status" ]]; then
    executions="$(sed -E 's/^#([0-9]+).*/\1/' <<<"$last_status")"
  fi
  cov="$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+).*/\1 \/ \2/p' <<<"$last_status")"
  corp="$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<<"$last_status")"

  # Reproducers Jazzer wrote during this run: report and move them out of src/.
  after="$(list_findings "$seeds")"
  new_findings="$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')"
  findings=0
  if [[ -n "$new_findings" ]]; then
    mkdir -p "$out/findings/$method"
    while read -r file; do
      findings=$((findings + 1))
      mv "$seeds/$file" "$out/findings/$method/$file"
      echo "FINDING in $target: $out/findings/$method/$file"
      echo "  reproducer (hex): $(od -An -v -tx1 "$out/findings/$method/$file" | tr -d ' \n')"
    done <<<"$new_findings"
  fi
  for java_reproducer in "$module"/Crash_*.java; do
    [[ -e "$java_reproducer" ]] || continue
    mkdir -p "$out/findings/$method"
    mv "$java_reproducer" "$out/findings/$method/"
  done

  if ((findings > 0)) || grep -qE 'FuzzTestFindingException|SUMMARY: libFuzzer' "$log"; then
    status="FINDING"
    findings=$((findings > 0 ? findings : 1))
    status_total=1
    grep -E -m 5 -A 3 '== Java Exception|FuzzTestFindingException|AssertionError|SUMMARY: libFuzzer' "$log" \
      | sed 's/^/  | /' || true
  elif ((rc != 0)) || [[ -z "$executions" ]]; then
    status="ERROR (rc $rc, see $log)"
    ((status_total == 1)) || status_total=2
  elif [[ -n "$fuzz_seconds" ]] && ((fuzz_seconds < duration)); then
    status="ERROR (stopped after ${fuzz_seconds}s)"
    ((status_total == 1)) || status_total=2
  else
    status="ok"
  fi
  rate="-"
  if [[ -n "$executions" && -n "$fuzz_seconds" ]] && ((fuzz_seconds > 0)); then
    rate=$((executions / fuzz_seconds))
  fi
  rows+=("| \`$target\` | ${fuzz_seconds:--} | $wall | ${executions:--} | $rate | ${cov:--} | ${corp:--} | $findings | $status |")
  echo "    $status: ${executions:-?} executions in ${fuzz_seconds:-?}s (wall ${wall}s)"

  if [[ "$status" == FINDING && "$keep_going" == false ]]; then
    echo "Stopping at the first finding (use --keep-going to continue)."
    break
  fi
done

{
  echo "## Fuzz campaign $stamp"
  echo
  echo "- Date (UTC): $(date -u '+%Y-%m-%d %H:%M')"
  echo "- JDK: $jdk"
  echo "- Jazzer: ${jazzer_version:-unknown}; ${duration}s per target; unit timeout ${unit_timeout}s; heap -Xmx${heap}"
  echo "- Host: $(uname -sm), $(nproc) CPU(s)"
  echo
  echo "| Target | Fuzzing (s) | Wall (s) | Executions | Exec/s | Coverage (cov / ft) | Corpus (files/size) | Findings | Status |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out/summary.md"
exit "$status_total"
