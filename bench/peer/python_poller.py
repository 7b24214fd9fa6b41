#!/usr/bin/env python3
"""The peer of the poll benchmark: what a user would write instead of postwatch.

A thread pool polls a list of feed URLs with python3-requests (one keep-alive session per
thread), parses each feed with python3-feedparser, pulls the outbound links out of every
entry's HTML, and matches their hosts against a flagged domain list (a domain matches itself
and its subdomains). With --conditional it sends If-None-Match with each URL's last ETag, as
a careful user would.

Usage: python_poller.py --urls FILE --domains FILE [--threads N] [--seconds S] [--conditional]
                        [--prime]
Prints `name value unit` lines: peer_polls, peer_polls_per_second, peer_not_modified,
peer_entries, peer_links, peer_flagged_links, peer_cpu_per_1000_polls.
"""
import argparse
import concurrent.futures
import re
import resource
import sys
import threading
import time
import urllib.parse

try:
    import feedparser
    import requests
except ImportError as e:
    sys.exit("python_poller: %s (install python3-feedparser and python3-requests)" % e)

HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def flagged(host, domains):
    while host:
        if host in domains:
            return True
        dot = host.find(".")
        if dot < 0:
            return False
        host = host[dot + 1:]
    return False


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", required=True)
    parser.add_argument("--domains", required=True)
    parser.add_argument("--threads", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--conditional", action="store_true")
    parser.add_argument("--prime", action="store_true",
                        help="poll every URL once, untimed, first (to learn the ETags)")
    args = parser.parse_args()
    with open(args.urls) as f:
        urls = [line.strip() for line in f if line.strip()]
    with open(args.domains) as f:
        domains = {line.strip().lower() for line in f if line.strip()}

    local = threading.local()
    etags = {}
    lock = threading.Lock()
    totals = {"polls": 0, "not_modified": 0, "errors": 0, "entries": 0, "links": 0,
              "flagged": 0}
    deadline = 0.0
    next_index = [0]

    def session():
        if not hasattr(local, "session"):
            local.session = requests.Session()
            local.session.trust_env = False  # loopback only: no proxy variables
        return local.session

    def poll(url):
        headers = {}
        if args.conditional and url in etags:
            headers["If-None-Match"] = etags[url]
        try:
            response = session().get(url, headers=headers, timeout=30)
        except requests.RequestException:
            return {"errors": 1}
        if response.status_code == 304:
            return {"polls": 1, "not_modified": 1}
        if response.status_code != 200:
            return {"polls": 1, "errors": 1}
        if args.conditional and "ETag" in response.headers:
            etags[url] = response.headers["ETag"]
        feed = feedparser.parse(response.content)
        links = hits = 0
        for entry in feed.entries:
            html = "".join(c.get("value", "") for c in entry.get("content", []))
            html += entry.get("summary", "")
            for href in set(HREF.findall(html)):
                links += 1
                host = (urllib.parse.urlsplit(href).hostname or "").lower()
                hits += flagged(host, domains)
        return {"polls": 1, "entries": len(feed.entries), "links": links, "flagged": hits}

    def worker():
        while time.monotonic() < deadline:  # set just before the workers start
            with lock:
                url = urls[next_index[0] % len(urls)]
                next_index[0] += 1
            result = poll(url)
            with lock:
                for key, value in result.items():
                    totals[key] += value

    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        if args.prime:
            list(pool.map(poll, urls))
        deadline = time.monotonic() + args.seconds
        cpu0 = cpu_seconds()
        t0 = time.monotonic()
        for future in [pool.submit(worker) for _ in range(args.threads)]:
            future.result()
    wall = time.monotonic() - t0
    cpu = cpu_seconds() - cpu0
    polls = totals["polls"]
    print("peer_threads %d threads" % args.threads)
    print("peer_polls %d polls" % polls)
    print("peer_errors %d polls" % totals["errors"])
    print("peer_not_modified %d polls" % totals["not_modified"])
    print("peer_polls_per_second %.1f polls/s" % (polls / wall))
    print("peer_entries %d entries" % totals["entries"])
    print("peer_links %d links" % totals["links"])
    print("peer_flagged_links %d links" % totals["flagged"])
    print("peer_cpu_per_1000_polls %.3f s" % (1000 * cpu / polls if polls else 0))
    return 0 if polls else 1


if __name__ == "__main__":
    sys.exit(main())
