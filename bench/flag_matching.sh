#!/usr/bin/env bash
# Measures 7 of issue 9: flag-list matching with bench/links (links_bench): 1,000,000
# domain entries plus 100,000 URL prefixes; load time, bytes per entry, checks per second.
#
#   bench/flag_matching.sh [DOMAINS] [PREFIXES] [CHECKS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD:-$root/build-bench}
"$build/bench/links/links_bench" "${1:-1000000}" "${2:-100000}" "${3:-2000000}" |
  sed 's/^/links_/' | tee -a "${BENCH_RESULTS:-/dev/null}"
