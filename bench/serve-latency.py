#!/usr/bin/env python3
"""Edit-to-reload latency of `sigill serve` beside `hugo server`, on the same
generated site, measured the same way for both: append a sentence to one page,
then poll the page over HTTP until the sentence is served. Prints the median
of several edits for each and the ratio. Standard library only.

    bench/serve-latency.py SITE_DIR [EDITS]

SITE_DIR is a corpus made by `cargo run --release --example gen-corpus`.
"""
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE_FILE = "content/sektion-03/sida-00007.md"
PAGE_URL = "/sektion-03/sida-00007/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
            return r.read().decode("utf-8", "replace")
    except Exception:
        return ""


def wait_up(port, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if get(port, "/"):
            return
        time.sleep(0.1)
    raise SystemExit(f"server on {port} did not start")


def measure(site, port, edits):
    path = os.path.join(site, PAGE_FILE)
    original = open(path, encoding="utf-8").read()
    times = []
    try:
        for i in range(edits):
            marker = f"Mätpunkt {time.time_ns()} {i}."
            time.sleep(0.5)  # let the watcher settle between edits
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original + f"\n{marker}\n")
            while marker not in get(port, PAGE_URL):
                if time.perf_counter() - start > 60:
                    raise SystemExit("the edit never showed up")
                time.sleep(0.002)
            times.append(time.perf_counter() - start)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    return times


def main():
    site = os.path.abspath(sys.argv[1])
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    sigill = os.path.join(ROOT, "target", "release", "sigill")
    results = {}
    for name in ["sigill", "hugo"]:
        port = free_port()
        if name == "sigill":
            cmd = [sigill, "--root", site, "serve", "--port", str(port)]
        else:
            cmd = ["hugo", "server", "--port", str(port), "--bind", "127.0.0.1", "--disableFastRender", "--quiet", "--source", site]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(port)
            results[name] = measure(site, port, edits)
        finally:
            proc.terminate()
            proc.wait()
    for name, times in results.items():
        print(f"{name:7} median {statistics.median(times) * 1000:7.1f} ms  min {min(times) * 1000:7.1f}  max {max(times) * 1000:7.1f}  ({len(times)} edits)")
    print(f"ratio   sigill / hugo = {statistics.median(results['sigill']) / statistics.median(results['hugo']):.2f}")


if __name__ == "__main__":
    main()
