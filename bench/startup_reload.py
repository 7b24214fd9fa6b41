#!/usr/bin/env python3
"""Measures 4 of issue 9: postwatchd's time to READY with 100,000 registered accounts, and
its SIGHUP reload time.

The daemon runs with NOTIFY_SOCKET pointing at a socket of this script, which records when
READY=1 arrives (the daemon sends it when its start steps are done, and again when a reload
is done), and /readyz is polled every 5 ms.
  startup_first_*   empty state directory: migrations plus the sync of the whole registry
  startup_*         restart with the database already synced (the usual restart)
  reload_seconds    SIGHUP sent -> READY=1 received (re-reads config, registry, plugins,
                    lists); the median of --reloads runs
  startup_db_only_* restart with "registry": "" (accounts from the database alone)

Usage: bench/startup_reload.py [--accounts N] [--reloads K]
Target: READY in under 1 s with 100,000 accounts.
"""
import argparse
import os
import signal
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import benchlib as b  # noqa: E402


def start_timed(daemon, notify, tag, accounts):
    t0 = daemon.start(notify.path)
    ready = notify.wait_for("READY=1", 900)
    readyz = daemon.wait_ready(900)
    b.figure("%s_to_ready_%d_accounts" % (tag, accounts), ready - t0, "s")
    b.figure("%s_to_readyz_200_%d_accounts" % (tag, accounts), readyz - t0, "s")
    return ready - t0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=100000)
    parser.add_argument("--reloads", type=int, default=3)
    args = parser.parse_args()
    run = b.scratch_dir("startup")
    notify = b.NotifySocket(run)
    daemon = b.idle_daemon(run, args.accounts, fresh_state=True)
    try:
        start_timed(daemon, notify, "startup_first", args.accounts)
        daemon.stop()
        notify.close()
        notify = b.NotifySocket(run)
        seconds = start_timed(daemon, notify, "startup", args.accounts)
        b.figure("ratio_startup_vs_target_1s", seconds / 1.0, "x")
        reloads = []
        for _ in range(args.reloads):
            t0 = time.monotonic()
            daemon.proc.send_signal(signal.SIGHUP)
            reloads.append(notify.wait_for("READY=1", 900) - t0)
        b.figure("reload_seconds_%d_accounts" % args.accounts, statistics.median(reloads), "s")
        daemon.stop()
        # The same accounts from the database alone (registry ""): what the registry file's
        # reading and syncing costs is the difference.
        daemon = b.idle_daemon(run, args.accounts, registry_file=False)
        notify.close()
        notify = b.NotifySocket(run)
        start_timed(daemon, notify, "startup_db_only", args.accounts)
    finally:
        daemon.stop()
        notify.close()
        b.cleanup(run)


if __name__ == "__main__":
    main()
