#!/usr/bin/env python3
"""Measures 3 of issue 9: the resident set of an idle postwatchd with 0, 10,000, 100,000
and 1,000,000 registered web accounts, and the KiB per account above the empty daemon.

The registries are written by postwatch-sim --registry-out and cached in $BENCH_WORK with
the databases they were synced into. Two sources: "registry" (the accounts come from the
registry file, read and synced at start) and "db" (registry "", the accounts come from the
database alone, as when they are managed through the admin API). The RSS is read from
/proc after /readyz answers 200 and a settling pause.

Usage: bench/memory_per_account.py [--accounts N,...] [--db-accounts N,...] [--settle S]
Targets: baseline under 30 MiB, at most 2 KiB per account above it.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchlib as b  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", default="0,10000,100000,1000000",
                        help="counts with the accounts in a registry file")
    parser.add_argument("--db-accounts", default="0,10000,100000,1000000",
                        help="counts with the accounts in the database alone")
    parser.add_argument("--settle", type=float, default=3.0)
    args = parser.parse_args()
    # "registry": the accounts come from a registry file (read at start, synced into the
    # database); "db": from the database alone (accounts managed through the admin API).
    for source, counts in (("registry", args.accounts), ("db", args.db_accounts)):
        baseline = None
        for accounts in [int(a) for a in counts.split(",") if a]:
            run = b.scratch_dir("memory-%d" % accounts)
            daemon = b.idle_daemon(run, accounts, registry_file=(source == "registry"))
            try:
                daemon.start()
                daemon.wait_ready(3600)
                time.sleep(args.settle)
                rss = daemon.rss_kib()
                b.figure("rss_idle_%s_%d_accounts" % (source, accounts), rss / 1024, "MiB")
                if accounts == 0:
                    baseline = rss
                    if source == "registry":
                        b.figure("ratio_baseline_rss_vs_target_30mib", rss / 1024 / 30, "x")
                elif baseline is not None:
                    per = (rss - baseline) / accounts
                    b.figure("rss_kib_per_account_%s_%d" % (source, accounts), per, "KiB")
                    b.figure("ratio_kib_per_account_vs_target_2kib_%s_%d" % (source, accounts),
                             per / 2, "x")
            finally:
                daemon.stop()
                b.cleanup(run)


if __name__ == "__main__":
    main()
