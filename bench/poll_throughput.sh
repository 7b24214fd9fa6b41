#!/usr/bin/env bash
# Measures postwatchd's poll throughput against postwatch-sim on loopback.
#
#   bench/poll_throughput.sh [BUILD_DIR] [ACCOUNTS] [INTERVAL_S] [SECONDS]
#
# Prints `name value unit` lines: polls/s, posts/s, and CPU seconds per 1,000 polls for the
# daemon and for the simulator (which shares the machine).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
accounts=${2:-5000}
interval=${3:-5}
seconds=${4:-30}
run=$(mktemp -d /tmp/postwatch-bench-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$run"' EXIT

sim_args=(--accounts "$accounts" --seed 3 --post-interval-s 60 --initial-posts 20 --threads 1
          --flag-domains flagged-one.example,flagged-two.example)
"$build/bin/postwatch-sim" "${sim_args[@]}" --port 0 --port-file "$run/sim.port" >"$run/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do [ -s "$run/sim.port" ] && break; sleep 0.1; done
port=$(cat "$run/sim.port")
"$build/bin/postwatch-sim" "${sim_args[@]}" --base-url "http://127.0.0.1:$port" --registry-out "$run/accounts.json"
mkdir -p "$run/lists" && printf 'flagged-one.example\nflagged-two.example\n' >"$run/lists/bench.txt"
cat >"$run/postwatch.json" <<JSON
{
  "state_dir": "$run/state", "registry": "$run/accounts.json", "plugin_dir": "$build/plugins",
  "flag_lists_dir": "$run/lists", "log_level": "warning",
  "listen": { "metrics": "127.0.0.1:0", "admin": "" },
  "fetch": { "allow": ["127.0.0.1:$port"], "max_concurrency": 64, "per_host_concurrency": 64,
             "per_host_requests_per_second": 0 },
  "scheduler": { "default_interval_s": $interval }
}
JSON
"$build/bin/postwatchd" --config "$run/postwatch.json" --listen-file "$run/listen.json" 2>"$run/daemon.log" &
daemon_pid=$!
for _ in $(seq 300); do [ -s "$run/listen.json" ] && break; sleep 0.1; done
metrics_url="http://$(sed -E 's/.*"metrics":"([^"]+)".*/\1/' "$run/listen.json")/metrics"

counter() { curl -s "$metrics_url" | awk -v n="$1" '$1 ~ "^"n"({|$)" {s+=$2} END {printf "%d\n", s}'; }
cpu_s() { awk '{printf "%.2f\n", ($14+$15)/100}' "/proc/$1/stat"; }

# Warm up one interval so that the start-up spread is over.
sleep "$interval"
p0=$(counter postwatch_polls_total); n0=$(counter postwatch_posts_seen_total)
d0=$(cpu_s $daemon_pid); s0=$(cpu_s $sim_pid); t0=$(date +%s.%N)
sleep "$seconds"
p1=$(counter postwatch_polls_total); n1=$(counter postwatch_posts_seen_total)
d1=$(cpu_s $daemon_pid); s1=$(cpu_s $sim_pid); t1=$(date +%s.%N)
nm=$(counter postwatch_http_not_modified_total)

awk -v p="$((p1 - p0))" -v n="$((n1 - n0))" -v dc="$d0" -v dc1="$d1" -v sc="$s0" -v sc1="$s1" \
    -v t0="$t0" -v t1="$t1" -v a="$accounts" -v i="$interval" -v nm="$nm" 'BEGIN {
  t = t1 - t0; d = dc1 - dc; s = sc1 - sc;
  printf "accounts %d count\n", a;
  printf "interval %d s\n", i;
  printf "polls_per_second %.1f polls/s\n", p / t;
  printf "posts_per_second %.1f posts/s\n", n / t;
  printf "daemon_cpu %.1f %%\n", 100 * d / t;
  printf "daemon_cpu_per_1000_polls %.3f s\n", p ? 1000 * d / p : 0;
  printf "sim_cpu %.1f %%\n", 100 * s / t;
  printf "not_modified_total %d polls\n", nm;
}'
