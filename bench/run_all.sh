#!/usr/bin/env bash
# Runs every benchmark of bench/ (issue 9) in turn and collects their `name value unit`
# lines, with the machine and its load, into one results file. `make bench` runs this.
#
#   bench/run_all.sh            quick sizes (under 10 minutes on 2 cores)
#   BENCH_FULL=1 bench/run_all.sh   full sizes
# Environment: BENCH_BUILD (default build-bench), BENCH_WORK (default /tmp/postwatch-bench),
# BENCH_RESULTS (default $BENCH_WORK/results-<UTC time>.txt), BENCH_ONLY (space-separated
# names below to run a subset).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export BENCH_BUILD=${BENCH_BUILD:-$root/build-bench}
export BENCH_WORK=${BENCH_WORK:-/tmp/postwatch-bench}
export BENCH_FULL=${BENCH_FULL:-0}
mkdir -p "$BENCH_WORK"
export BENCH_RESULTS=${BENCH_RESULTS:-$BENCH_WORK/results-$(date -u +%Y%m%dT%H%M%SZ).txt}
only=${BENCH_ONLY:-flag_matching store_ingest memory startup_reload metrics_render poll_pipeline poll_callgrind}
memory_args=(--accounts 0,10000,100000,1000000 --db-accounts 0,10000,100000,1000000)
metrics_cases=14000,1000000,20000:per
if [ "$BENCH_FULL" = 0 ]; then
  # Quick: no million-account cases (writing and syncing a 1M registry alone takes minutes).
  memory_args=(--accounts 0,10000,100000 --db-accounts 0,10000,100000)
  metrics_cases=14000,20000:per
fi

{
  echo "# postwatch benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), mode $([ "$BENCH_FULL" != 0 ] && echo full || echo quick)"
  echo "# machine: nproc $(nproc), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem/ {print $2}') GiB RAM"
  echo "# revision: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
} | tee -a "$BENCH_RESULTS"
status=0
step() {
  local name=$1
  shift
  case " $only " in *" $name "*) ;; *) return 0 ;; esac
  echo "## $name (load average $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$BENCH_RESULTS"
  local t0=$SECONDS
  if ! "$@"; then
    echo "## $name FAILED" | tee -a "$BENCH_RESULTS"
    status=1
  fi
  echo "## $name took $((SECONDS - t0)) s" | tee -a "$BENCH_RESULTS"
}
step flag_matching "$root/bench/flag_matching.sh"
step store_ingest "$root/bench/store_ingest.sh"
step memory "$root/bench/memory_per_account.py" "${memory_args[@]}"
step startup_reload "$root/bench/startup_reload.py"
step metrics_render "$root/bench/metrics_render.py" --cases "$metrics_cases"
step poll_pipeline "$root/bench/poll_pipeline.py"
step poll_callgrind "$root/bench/poll_callgrind.py"
echo "# results: $BENCH_RESULTS"
exit $status
