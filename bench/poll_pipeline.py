#!/usr/bin/env python3
"""Measures 1 and 2 of issue 9: postwatchd's poll pipeline against postwatch-sim on
loopback, the HTTP floor (bench/http_floor) and the Python peer (bench/peer) on the same
URLs at the same concurrency, in the same run.

Two modes per account count:
  conditional  the daemon is asked for 10,000 polls/s (interval N/10,000 s), more than it
               can do, so polls/s is its capacity on this machine shared with the sim; an
               account posts every N/10 s, so at the 1,200 polls/s target about 1% of
               polls find a change and the rest are conditional GETs answered 304
               (not_modified_share says how many really were)
  changed      asked for 200 polls/s (interval N/200 s) and an account posts once per
               interval: every poll is a 200 with a new body and about one new post (the
               cost of a poll without conditional-GET hits); polls/s is the demand here,
               capacity_2_cores = 2 / (daemon CPU seconds per poll) the capacity
Feeds are 20 entries of 24-34 KB (RSS 2.0, Atom 1.0 and JSON Feed in turn); 5% of posts
link to a flagged domain.

Usage: bench/poll_pipeline.py [--accounts N,...] [--seconds S] [--no-peer]
Quick: 10,000 accounts, 20 s windows. BENCH_FULL=1: 10,000 and 100,000 accounts, 60 s.
"""
import argparse
import math
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchlib as b  # noqa: E402

CONCURRENCY = 64
POST_TEXT_BYTES = 1000  # per post: makes 20-entry feeds of 24-34 KB


# The Python interpreter the Debian packages python3-feedparser and python3-requests are for.
PEER_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable


def run_mode(accounts, mode, seconds, peer, post_interval, interval):
    run = b.scratch_dir("poll-%d-%s" % (accounts, mode))
    sim = b.Sim(run, accounts, post_interval_s=post_interval, initial_posts=20,
                post_text_bytes=POST_TEXT_BYTES, threads=2)
    registry = os.path.join(run, "accounts.json")
    sim.write_registry(registry)
    daemon = b.Daemon(run, registry, interval, allow=["127.0.0.1:%d" % sim.port],
                      concurrency=CONCURRENCY)
    tag = "%s_%dk" % (mode, accounts // 1000)
    out = {}
    try:
        daemon.start()
        daemon.wait_ready(120)
        # Warm-up: every account's first poll stores its 20 posts; then the steady state.
        b.log("%s: warming up (%d accounts, interval %d s, posts every %.0f s)" %
              (tag, accounts, interval, post_interval))
        b.wait_for(lambda: daemon.counter("postwatch_polls_total") >= 1.05 * accounts,
                   1800, "the first round of polls", interval=0.5)
        m0 = daemon.metrics_text()
        d0, s0, t0 = daemon.cpu_seconds(), b.proc_cpu_seconds(sim.pid), time.monotonic()
        perf = start_perf(run, daemon.pid, seconds)
        time.sleep(seconds)
        m1 = daemon.metrics_text()
        d1, s1, t1 = daemon.cpu_seconds(), b.proc_cpu_seconds(sim.pid), time.monotonic()
        wall = t1 - t0

        def delta(name):
            return daemon.counter(name, m1) - daemon.counter(name, m0)
        polls = delta("postwatch_polls_total")
        posts = delta("postwatch_posts_seen_total")
        not_modified = delta("postwatch_http_not_modified_total")
        failures = delta("postwatch_poll_failures_total")
        out["polls_per_second"] = polls / wall
        out["cpu_per_1000"] = 1000 * (d1 - d0) / polls if polls else 0
        b.figure("pipeline_%s_polls_per_second" % tag, polls / wall, "polls/s")
        b.figure("pipeline_%s_posts_per_second" % tag, posts / wall, "posts/s")
        b.figure("pipeline_%s_new_posts_per_poll" % tag, posts / polls if polls else 0,
                 "posts/poll")
        b.figure("pipeline_%s_not_modified_share" % tag, not_modified / polls if polls else 0,
                 "ratio")
        b.figure("pipeline_%s_failed_polls" % tag, failures, "polls")
        b.figure("pipeline_%s_daemon_cpu_per_1000_polls" % tag, out["cpu_per_1000"], "s")
        b.figure("pipeline_%s_daemon_cpu" % tag, 100 * (d1 - d0) / wall, "%")
        b.figure("pipeline_%s_sim_cpu" % tag, 100 * (s1 - s0) / wall, "%")
        # What two cores would do if the daemon had them alone (the sim takes the rest now).
        b.figure("pipeline_%s_capacity_2_cores" % tag,
                 2000 / out["cpu_per_1000"] if out["cpu_per_1000"] else 0, "polls/s")
        report_perf(perf, tag)
        daemon.stop()

        urls = os.path.join(run, "urls.txt")
        all_urls = b.registry_urls(registry)
        with open(urls, "w") as f:
            f.write("\n".join(all_urls) + "\n")
        floor_args = [b.binary("http_floor"), "--urls", urls, "--concurrency",
                      str(CONCURRENCY), "--seconds", str(max(5, seconds // 2))]
        if mode == "conditional":
            floor_args += ["--conditional", "--warmup", str(accounts)]
        floor = parse(subprocess.run(floor_args, capture_output=True, text=True, check=True))
        for name, (value, unit) in floor.items():
            b.figure(name.replace("floor_", "floor_%s_" % tag), value, unit)
        floor_rate = floor["floor_requests_per_second"][0]
        floor_cpu = floor["floor_cpu_per_1000_requests"][0]
        out["floor"] = floor_rate
        if mode == "conditional":  # both ran flat out: compare the rates
            b.figure("ratio_pipeline_vs_floor_%s" % tag,
                     out["polls_per_second"] / floor_rate if floor_rate else 0, "x")
        # CPU per request of the floor over CPU per poll of the daemon: the rate ratio two
        # cores would give each of them alone.
        b.figure("ratio_pipeline_vs_floor_cpu_%s" % tag,
                 floor_cpu / out["cpu_per_1000"] if out["cpu_per_1000"] else 0, "x")
        if peer:
            run_peer(run, tag, mode, all_urls, seconds, out)
    finally:
        daemon.stop()
        sim.stop()
        b.cleanup(run)
    return out


def run_peer(run, tag, mode, all_urls, seconds, out):
    domains = os.path.join(run, "domains.txt")
    with open(domains, "w") as f:
        f.write("\n".join(b.FLAG_DOMAINS) + "\n")
    urls = os.path.join(run, "peer-urls.txt")
    # Conditional mode: the peer is slow, so it polls the first 2,000 feeds, whose ETags it
    # learns in an untimed first pass; changed mode: every feed.
    subset = all_urls[:2000] if mode == "conditional" else all_urls
    with open(urls, "w") as f:
        f.write("\n".join(subset) + "\n")
    cmd = [PEER_PYTHON, os.path.join(b.ROOT, "bench", "peer", "python_poller.py"),
           "--urls", urls, "--domains", domains, "--threads", str(CONCURRENCY),
           "--seconds", str(max(5, seconds // 2))]
    if mode == "conditional":
        cmd += ["--conditional", "--prime"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        b.log("peer failed: " + result.stderr.strip())
        return
    peer = parse(result)
    for name, (value, unit) in peer.items():
        b.figure(name.replace("peer_", "peer_%s_" % tag), value, unit)
    rate = peer["peer_polls_per_second"][0]
    cpu = peer["peer_cpu_per_1000_polls"][0]
    if mode == "conditional":  # both ran flat out: compare the rates
        b.figure("ratio_pipeline_vs_peer_rate_%s" % tag,
                 out["polls_per_second"] / rate if rate else 0, "x")
    # The daemon's capacity (2 cores / its CPU per poll) over the peer's rate (its threads
    # share one interpreter lock, so it cannot use more than about one core).
    capacity = 2000 / out["cpu_per_1000"] if out["cpu_per_1000"] else 0
    b.figure("ratio_pipeline_capacity_vs_peer_rate_%s" % tag, capacity / rate if rate else 0,
             "x")
    b.figure("ratio_peer_vs_pipeline_cpu_per_poll_%s" % tag,
             cpu / out["cpu_per_1000"] if out["cpu_per_1000"] else 0, "x")


def start_perf(run, pid, seconds):
    """perf record of the daemon during the window (sampled CPU time, no call graphs),
    when perf is installed and allowed; None otherwise."""
    if os.environ.get("BENCH_PERF", "1") == "0" or not shutil.which("perf"):
        return None
    data = os.path.join(run, "perf.data")
    proc = subprocess.Popen(["perf", "record", "-q", "-F", "499", "-o", data, "-p", str(pid),
                             "--", "sleep", str(seconds)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc, data


def report_perf(perf, tag):
    """Prints the daemon's CPU profile of the window: by shared object, and the top
    functions (self time)."""
    if not perf:
        return
    proc, data = perf
    if proc.wait() != 0 or not os.path.exists(data):
        b.log("perf record failed; no CPU profile")
        return
    for sort, top in (("dso", 6), ("dso,sym", 10)):
        text = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", sort,
                               "--stdio", "--percent-limit", "1"],
                              capture_output=True, text=True).stdout
        rows = [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")]
        print("# perf %s, daemon CPU by %s:" % (tag, sort))
        for row in rows[:top]:
            print("#   " + row[:170])


def parse(result):
    figures = {}
    for line in result.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            figures[parts[0]] = (float(parts[1]), parts[2])
    return figures


def ensure_peer_packages():
    check = [PEER_PYTHON, "-c", "import feedparser, requests"]
    if subprocess.run(check, capture_output=True).returncode == 0:
        return True
    b.log("installing python3-feedparser and python3-requests with apt-get")
    try:
        result = subprocess.run(["apt-get", "install", "-y", "-q", "python3-feedparser",
                                 "python3-requests"], capture_output=True, text=True)
    except OSError as e:
        result = subprocess.CompletedProcess([], 1, "", str(e))
    if result.returncode != 0 or subprocess.run(check, capture_output=True).returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["python3 cannot import them"])[-1]
        print("# SKIPPED the Python peer: python3-feedparser and python3-requests could not "
              "be installed with apt-get (%s)" % reason, flush=True)
        return False
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", default="10000,100000" if b.FULL else "10000")
    parser.add_argument("--seconds", type=int, default=60 if b.FULL else 20)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    peer = not args.no_peer and ensure_peer_packages()
    b.figure("load_average_start", float(b.load_average()), "load")
    for accounts in [int(a) for a in args.accounts.split(",")]:
        # Conditional: asked for 10,000 polls/s, more than the daemon can do; an account
        # posts every N/10 s, so at the 1,200 polls/s target about 1% of polls find a change.
        cond = run_mode(accounts, "conditional", args.seconds, peer, accounts / 10,
                        max(1, math.ceil(accounts / 10000)))
        # Changed: asked for 200 polls/s (below capacity, so that the poll period is the
        # interval), and an account posts once per interval: every poll is a 200 with about
        # one new post. Capacity is then 2 / (CPU seconds per poll).
        interval = max(1, math.ceil(accounts / 200))
        changed = run_mode(accounts, "changed", args.seconds, peer, interval, interval)
        k = accounts // 1000
        if cond.get("cpu_per_1000") and changed.get("cpu_per_1000"):
            b.figure("ratio_304_vs_changed_cpu_per_poll_%dk" % k,
                     cond["cpu_per_1000"] / changed["cpu_per_1000"], "x")
    b.figure("load_average_end", float(b.load_average()), "load")


if __name__ == "__main__":
    main()
