#!/usr/bin/env python3
"""Measures 5 of issue 9: how long GET /metrics takes and how big the answer is, at 14,000
and 1,000,000 accounts in the default mode and at 20,000 accounts with per-account series
(metrics.per_account: true). The median of --requests GETs on an idle daemon.

Usage: bench/metrics_render.py [--cases N[:per],...] [--requests K]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchlib as b  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="14000,1000000,20000:per")
    parser.add_argument("--requests", type=int, default=5)
    args = parser.parse_args()
    for case in args.cases.split(","):
        accounts = int(case.split(":")[0])
        per_account = case.endswith(":per")
        tag = "%d_%s" % (accounts, "per_account" if per_account else "default")
        run = b.scratch_dir("metrics-" + tag)
        # Accounts from the cached database (registry ""), so that a million-account case
        # does not re-read a 200 MB registry file at every start.
        daemon = b.idle_daemon(run, accounts, per_account_metrics=per_account,
                               registry_file=False)
        try:
            daemon.start()
            daemon.wait_ready(3600)
            times, sizes = [], []
            for _ in range(args.requests):
                t0 = time.monotonic()
                status, body = b.http_get(daemon.metrics_base + "/metrics")
                times.append(time.monotonic() - t0)
                sizes.append(len(body))
                if status != 200:
                    raise RuntimeError("/metrics answered %d" % status)
            b.figure("metrics_render_ms_" + tag, 1000 * statistics.median(times), "ms")
            b.figure("metrics_size_kib_" + tag, statistics.median(sizes) / 1024, "KiB")
            b.figure("metrics_series_" + tag,
                     sum(1 for l in body.decode().split("\n") if l and l[0] != "#"), "series")
        finally:
            daemon.stop()
            b.cleanup(run)


if __name__ == "__main__":
    main()
