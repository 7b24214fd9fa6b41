#!/usr/bin/env bash
# Measures 6 of issue 9: posts per second committed through the Store (batches of 500 poll
# records of 20 posts with 2-3 links each, the daemon's default batching), and the size on
# disk per million posts, extrapolated from the run's database size.
#
#   bench/store_ingest.sh [POSTS]     (default 200,000; BENCH_FULL=1: 1,000,000)
# Target: at least 100,000 posts/s.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$root/build-bench}
full=${BENCH_FULL:-0}
posts=${1:-$([ "$full" != 0 ] && echo 1000000 || echo 200000)}
work=${BENCH_WORK:-/tmp/postwatch-bench}
mkdir -p "$work"
"$build/bench/store/store_bench" "$posts" 20 10000 "$work/store-bench" | tee -a "${BENCH_RESULTS:-/dev/null}"
