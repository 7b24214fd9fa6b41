#!/usr/bin/env python3
"""Instructions per poll, counted by callgrind: stable figures on a noisy machine.

postwatchd runs under `valgrind --tool=callgrind --dump-instr=no` against postwatch-sim
(same feeds as bench/poll_pipeline.py, fewer accounts). After the first round of polls the
counters are zeroed (callgrind_control -z), the daemon polls for --seconds, and the counts
are dumped (callgrind_control -d) and divided by the polls made meanwhile. Modes:
  changed      about one new post per poll: a 200 with a ~30 KB feed, parsed, linked, stored
  conditional  a 304 on nearly every poll
Prints instructions per poll for each, their ratio (target: a 304 poll at most a fifth of a
changed poll), and the functions with the largest share of the changed poll's
instructions (self cost, and inclusive cost of the pipeline stages).

Usage: bench/poll_callgrind.py [--accounts 50] [--seconds 20] [--keep DIR]
                              [--modes changed,conditional]
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchlib as b  # noqa: E402
from poll_pipeline import POST_TEXT_BYTES  # noqa: E402

# Pipeline stages, found by function name in the inclusive profile.
STAGES = [
    ("plugin parse (all)", r"postwatch::Plugin::Parse\("),
    ("entry HTML parse (links and text)", r"\?\?\?:htmlReadMemory "),
    ("entry HTML links", r"postwatch::plugin::ExtractHtmlLinks"),
    ("entry HTML to text", r"postwatch::plugin::HtmlToText"),
    ("entry text URLs", r"postwatch::plugin::ExtractTextUrls"),
    ("feed XML parse", r"\?\?\?:xmlReadMemory "),
    ("store commit", r"postwatch::Store::CommitBatch\("),
    ("link pipeline", r"postwatch::LinkPipeline::"),
    ("fetch (libcurl)", r"curl_multi_perform "),
]
# Thread entry points: the annotation lists them with their whole subtree.
ROOTS = re.compile(r"clone\.S:clone|start_thread|_M_run\(\)|libstdc\+\+\.so[^\]]*\]$")
MALLOC = re.compile(r"malloc\.c:")

def callgrind_totals(path):
    with open(path) as f:
        for line in f:
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise RuntimeError("no totals in " + path)


def annotate(path, inclusive):
    args = ["callgrind_annotate", "--threshold=100"]
    if inclusive:
        args.append("--inclusive=yes")
    text = subprocess.run(args + [path], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\(\s*[\d.]+%\)\s+)?(.*)$", line)
        if m and ":" in m.group(2):
            rows.append((int(m.group(1).replace(",", "")), m.group(2).strip()))
    return rows


def run_mode(mode, accounts, seconds, keep):
    run = b.scratch_dir("callgrind-" + mode)
    # Under callgrind the daemon keeps up with 50 accounts every 10 s (5 polls/s); posting
    # every 10 s gives about one new post per changed poll.
    interval = 10
    post_interval = interval if mode == "changed" else 100000
    sim = b.Sim(run, accounts, post_interval_s=post_interval, initial_posts=20,
                post_text_bytes=POST_TEXT_BYTES, threads=1)
    registry = os.path.join(run, "accounts.json")
    sim.write_registry(registry)
    daemon = b.Daemon(run, registry, interval, allow=["127.0.0.1:%d" % sim.port])
    out_base = os.path.join(run, "callgrind.out")
    try:
        daemon.start_under(["valgrind", "--tool=callgrind", "--dump-instr=no",
                            "--callgrind-out-file=" + out_base + ".%p"])
        daemon.wait_ready(300)
        b.log("callgrind %s: warming up" % mode)
        # Every account's first poll (its 20 initial posts) committed, and a few polls more.
        b.wait_for(lambda: daemon.counter("postwatch_posts_seen_total") >= 20 * accounts and
                   daemon.counter("postwatch_polls_total") >= 1.2 * accounts, 900,
                   "the first round of polls", interval=1)
        p0 = daemon.counter("postwatch_polls_total")
        n0 = daemon.counter("postwatch_posts_seen_total")
        m0 = daemon.counter("postwatch_http_not_modified_total")
        subprocess.run(["callgrind_control", "-z", str(daemon.pid)], check=True,
                       capture_output=True)
        time.sleep(seconds)
        subprocess.run(["callgrind_control", "-d", str(daemon.pid)], check=True,
                       capture_output=True)
        p1 = daemon.counter("postwatch_polls_total")
        n1 = daemon.counter("postwatch_posts_seen_total")
        m1 = daemon.counter("postwatch_http_not_modified_total")
        dumps = sorted(glob.glob(out_base + ".%d.*" % daemon.pid))
        if not dumps:
            raise RuntimeError("callgrind wrote no dump")
        instructions = callgrind_totals(dumps[-1])
        polls = p1 - p0
        b.figure("callgrind_%s_polls" % mode, polls, "polls")
        b.figure("callgrind_%s_new_posts_per_poll" % mode, (n1 - n0) / polls if polls else 0,
                 "posts/poll")
        b.figure("callgrind_%s_not_modified_share" % mode, (m1 - m0) / polls if polls else 0,
                 "ratio")
        per_poll = instructions / polls if polls else 0
        b.figure("callgrind_%s_instructions_per_poll" % mode, per_poll, "instructions")
        profile = None
        if mode == "changed":
            profile = dumps[-1]
            if keep:
                os.makedirs(keep, exist_ok=True)
                shutil.copy(profile, os.path.join(keep, "callgrind.changed.out"))
                profile = os.path.join(keep, "callgrind.changed.out")
            print_profile(profile if keep else dumps[-1], instructions)
        return per_poll
    finally:
        daemon.stop()
        sim.stop()
        b.cleanup(run)


def print_profile(path, total):
    b.log("profile of the changed polls: inclusive share of the pipeline stages")
    inclusive = annotate(path, inclusive=True)
    for stage, pattern in STAGES:
        best = max((c for c, n in inclusive if re.search(pattern, n)), default=0)
        b.figure("callgrind_changed_share_" + re.sub(r"\W+", "_", stage).strip("_"),
                 100 * best / total, "%")
    rows = [(c, n) for c, n in annotate(path, inclusive=False) if not ROOTS.search(n)]
    b.figure("callgrind_changed_share_malloc_free_self",
             100 * sum(c for c, n in rows if MALLOC.search(n)) / total, "%")
    print("# top functions by self cost (share of the changed polls' instructions):")
    for cost, name in rows[:10]:
        print("#  %5.1f%%  %s" % (100 * cost / total, name[:160]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60 if b.FULL else 20)
    parser.add_argument("--keep", default="", help="copy the changed-mode profile here")
    parser.add_argument("--modes", default="changed,conditional")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        print("# SKIPPED: valgrind is not installed")
        return
    modes = args.modes.split(",")
    changed = run_mode("changed", args.accounts, args.seconds, args.keep) \
        if "changed" in modes else 0
    conditional = run_mode("conditional", args.accounts, args.seconds, args.keep) \
        if "conditional" in modes else 0
    if changed and conditional:
        b.figure("ratio_304_vs_changed_instructions_per_poll", conditional / changed, "x")
        b.figure("ratio_304_vs_changed_vs_target_0_2", conditional / changed / 0.2, "x")


if __name__ == "__main__":
    main()
