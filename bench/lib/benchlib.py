"""Shared helpers of the postwatch benchmarks: start postwatch-sim and postwatchd, write
registries and configs, read /metrics and /proc, print figures.

Every benchmark prints its figures as `name value unit` lines on stdout (and appends them to
$BENCH_RESULTS when set, which run_all.sh uses to build the summary). Progress goes to
stderr. Environment:
  BENCH_BUILD  build directory with bin/ and plugins/ (default: <repo>/build-bench)
  BENCH_WORK   scratch directory; generated registries are cached there
               (default: /tmp/postwatch-bench)
  BENCH_FULL   1: the full sizes instead of the quick ones
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.abspath(os.environ.get("BENCH_BUILD", os.path.join(ROOT, "build-bench")))
WORK = os.path.abspath(os.environ.get("BENCH_WORK", "/tmp/postwatch-bench"))
FULL = os.environ.get("BENCH_FULL", "0") not in ("", "0")
FLAG_DOMAINS = ["flagged-one.example", "flagged-two.example"]
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# urllib without the proxy environment variables: everything here is loopback.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(message):
    print("[bench] " + message, file=sys.stderr, flush=True)


def figure(name, value, unit):
    """Prints one `name value unit` line (and records it in $BENCH_RESULTS)."""
    if isinstance(value, float):
        text = "%.4g" % value if abs(value) < 1000 else "%.0f" % value
    else:
        text = str(value)
    line = "%s %s %s" % (name, text, unit)
    print(line, flush=True)
    results = os.environ.get("BENCH_RESULTS")
    if results:
        with open(results, "a") as f:
            f.write(line + "\n")


def binary(name):
    """A program of the build: bin/NAME, or bench/*/NAME for the benchmark binaries."""
    for path in [os.path.join(BUILD, "bin", name)] + [
            os.path.join(BUILD, "bench", d, name) for d in ("http_floor", "store", "links")]:
        if os.path.exists(path):
            return path
    sys.exit("missing %s in %s: build it first (make bench builds everything)" % (name, BUILD))


def load_average():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def proc_cpu_seconds(pid):
    """User + system CPU seconds of a process (all its threads)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def proc_rss_kib(pid):
    with open("/proc/%d/statm" % pid) as f:
        return int(f.read().split()[1]) * PAGE_KIB


def http_get(url, timeout=60):
    """Returns (status, body bytes); a connection error gives (0, b"")."""
    try:
        with _OPENER.open(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except OSError:
        return 0, b""


def wait_for(predicate, timeout, what, interval=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise RuntimeError("timed out waiting for " + what)


def scratch_dir(prefix):
    os.makedirs(WORK, exist_ok=True)
    return tempfile.mkdtemp(prefix=prefix + "-", dir=WORK)


class Sim:
    """postwatch-sim serving `accounts` web feeds on a free loopback port."""

    def __init__(self, run_dir, accounts, post_interval_s=60, initial_posts=20,
                 post_text_bytes=1000, threads=2, seed=3):
        self.args = ["--accounts", str(accounts), "--seed", str(seed),
                     "--post-interval-s", str(post_interval_s),
                     "--initial-posts", str(initial_posts), "--feed-items", "20",
                     "--post-text-bytes", str(post_text_bytes),
                     "--flag-domains", ",".join(FLAG_DOMAINS), "--flag-share", "0.05"]
        port_file = os.path.join(run_dir, "sim.port")
        self.log = open(os.path.join(run_dir, "sim.log"), "w")
        self.proc = subprocess.Popen(
            [binary("postwatch-sim")] + self.args +
            ["--threads", str(threads), "--port", "0", "--port-file", port_file],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.port = int(wait_for(lambda: _read(port_file).strip(), 10, "the sim's port"))
        self.base_url = "http://127.0.0.1:%d" % self.port
        self.pid = self.proc.pid

    def write_registry(self, path):
        subprocess.run([binary("postwatch-sim")] + self.args +
                       ["--base-url", self.base_url, "--registry-out", path], check=True)

    def stop(self):
        stop_process(self.proc)
        self.log.close()


def registry_urls(path):
    with open(path) as f:
        return [a["registered"] for a in json.load(f)["accounts"]]


def cached_registry(accounts, base_url="http://127.0.0.1:9"):
    """A registry of `accounts` web accounts whose feeds nobody serves (for idle daemons),
    generated once by postwatch-sim --registry-out and cached in $BENCH_WORK."""
    os.makedirs(WORK, exist_ok=True)
    path = os.path.join(WORK, "registry-%d.json" % accounts)
    if accounts == 0:
        with open(path, "w") as f:
            f.write('{"accounts": []}\n')
    elif not os.path.exists(path):
        log("writing a registry of %d accounts" % accounts)
        subprocess.run([binary("postwatch-sim"), "--accounts", str(accounts),
                        "--base-url", base_url, "--registry-out", path + ".tmp"], check=True)
        os.rename(path + ".tmp", path)
    return path


def cached_state_dir(accounts):
    """A state directory (database) reused by the idle-daemon benchmarks, so a registry of a
    million accounts is synced into SQLite only once."""
    path = os.path.join(WORK, "state-%d" % accounts)
    os.makedirs(path, exist_ok=True)
    return path


def idle_daemon(run_dir, accounts, per_account_metrics=False, fresh_state=False,
                registry_file=True):
    """A daemon with `accounts` registered accounts that stays idle: the interval is a week,
    so its first polls are spread over a week, and they fail fast (nothing listens on the
    registry's port, and the SSRF guard refuses loopback anyway).

    registry_file=False: the accounts come from the cached database alone ("registry": "",
    as when accounts are managed through the admin API); the database is synced from the
    registry file once first."""
    if registry_file or fresh_state:
        return Daemon(run_dir, cached_registry(accounts), 604800,
                      per_account_metrics=per_account_metrics, log_level="error",
                      state_dir=None if fresh_state else cached_state_dir(accounts))
    state = cached_state_dir(accounts)
    marker = os.path.join(state, "synced")
    if not os.path.exists(marker):
        log("syncing a database of %d accounts (cached afterwards)" % accounts)
        sync = idle_daemon(run_dir, accounts)
        try:
            sync.start()
            sync.wait_ready(3600)
        finally:
            sync.stop()
        open(marker, "w").close()
    return Daemon(run_dir, "", 604800, per_account_metrics=per_account_metrics,
                  log_level="error", state_dir=state)


def _schema_has(key):
    return ('"%s"' % key) in _read(os.path.join(ROOT, "schemas", "config.schema.json"))


def _read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def stop_process(proc, sig=signal.SIGTERM, timeout=60):
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class NotifySocket:
    """A datagram socket standing in for systemd's NOTIFY_SOCKET: records when each
    sd_notify message arrives."""

    def __init__(self, run_dir):
        self.path = os.path.join(run_dir, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)

    def wait_for(self, field, timeout):
        """Waits for a message with line `field` (e.g. "READY=1"); returns its arrival
        time (time.monotonic())."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RuntimeError("no %s from the daemon" % field)
            self.sock.settimeout(left)
            data = self.sock.recv(65536).decode(errors="replace")
            if field in data.split("\n"):
                return time.monotonic()

    def close(self):
        self.sock.close()
        if os.path.exists(self.path):
            os.unlink(self.path)


class Daemon:
    """postwatchd with a generated config in its own run directory."""

    def __init__(self, run_dir, registry, interval_s, allow=None, concurrency=64,
                 per_account_metrics=False, extra=None, state_dir=None, log_level="warning"):
        self.run_dir = run_dir
        lists = os.path.join(run_dir, "lists")
        os.makedirs(lists, exist_ok=True)
        with open(os.path.join(lists, "bench.txt"), "w") as f:
            f.write("\n".join(FLAG_DOMAINS) + "\n")
        config = {
            "state_dir": state_dir or os.path.join(run_dir, "state"),
            "registry": registry,
            "plugin_dir": os.path.join(BUILD, "plugins"),
            "flag_lists_dir": lists,
            "log_level": log_level,
            "listen": {"metrics": "127.0.0.1:0", "admin": ""},
            "fetch": {"allow": allow or [], "max_concurrency": concurrency,
                      "per_host_concurrency": min(concurrency, 100),
                      # The simulator stands for many hosts on one address: no per-host rate.
                      "per_host_requests_per_second": 0},
            "scheduler": {"default_interval_s": interval_s},
            "metrics": {"per_account": per_account_metrics},
        }
        # One host (the sim) serves every account: its per-host rate limit, where this
        # version has one, is off.
        if _schema_has("per_host_requests_per_second"):
            config["fetch"]["per_host_requests_per_second"] = 0
        for key, value in (extra or {}).items():
            config.setdefault(key, {}).update(value)
        self.config_path = os.path.join(run_dir, "postwatch.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f, indent=1)
        self.listen_file = os.path.join(run_dir, "listen.json")
        self.proc = None
        self.metrics_base = None

    def start_under(self, wrapper):
        """Starts the daemon under a wrapper command (valgrind, perf)."""
        return self.start(wrapper=wrapper)

    def start(self, notify_socket=None, wrapper=None):
        """Starts the daemon; returns time.monotonic() just before the exec."""
        if os.path.exists(self.listen_file):
            os.remove(self.listen_file)
        self.metrics_base = None
        env = dict(os.environ)
        env.pop("NOTIFY_SOCKET", None)
        if notify_socket:
            env["NOTIFY_SOCKET"] = notify_socket
        self.log = open(os.path.join(self.run_dir, "daemon.log"), "a")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(
            (wrapper or []) + [binary("postwatchd"), "--config", self.config_path, "--listen-file",
             self.listen_file], stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.pid = self.proc.pid
        return t0

    def wait_listening(self, timeout=600):
        def listening():
            if self.proc.poll() is not None:
                raise RuntimeError("postwatchd exited; see " + self.run_dir + "/daemon.log")
            text = _read(self.listen_file)
            return json.loads(text)["metrics"] if text.strip() else None
        self.metrics_base = "http://" + wait_for(listening, timeout, "the listen file")

    def wait_ready(self, timeout=600):
        """Waits for /readyz 200; returns time.monotonic() when it answered 200."""
        if not self.metrics_base:
            self.wait_listening(timeout)
        return wait_for(lambda: http_get(self.metrics_base + "/readyz", 5)[0] == 200 and
                        time.monotonic(), timeout, "/readyz", interval=0.005)

    def metrics_text(self):
        status, body = http_get(self.metrics_base + "/metrics")
        if status != 200:
            raise RuntimeError("/metrics answered %d" % status)
        return body.decode()

    def counter(self, name, text=None):
        """Sum of every series of metric `name`."""
        text = text if text is not None else self.metrics_text()
        total = 0.0
        for line in text.split("\n"):
            if line.startswith(name) and (line[len(name):len(name) + 1] in ("{", " ")):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def cpu_seconds(self):
        return proc_cpu_seconds(self.pid)

    def rss_kib(self):
        return proc_rss_kib(self.pid)

    def stop(self):
        if self.proc:
            stop_process(self.proc)
            self.log.close()
            self.proc = None


def cleanup(run_dir):
    if os.environ.get("BENCH_KEEP", "0") in ("", "0"):
        shutil.rmtree(run_dir, ignore_errors=True)
