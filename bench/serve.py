#!/usr/bin/env python3
"""Measures how long `tafel serve` takes from saving a page to telling open pages to reload.

    bench/serve.py TAFEL SITE [--rounds 7]

Starts `TAFEL serve` on SITE, listens to its live-reload events as a browser would, and edits
one page several times: its body (which touches that page alone) and its title (which touches
every page whose navigation shows it). Prints, per kind of edit, the median time from the write
to the `reload` event, and the median the server itself reported for the rebuild. The edits
are undone at the end.
"""
import argparse
import glob
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Events(threading.Thread):
    """The server's event stream, read on a thread; `wait` returns the arrival time of the next
    `reload` event."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.cond = threading.Condition()
        self.reloads = []

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/__tafel/events")
        stream = conn.getresponse()
        while True:
            line = stream.fp.readline()
            if not line:
                return
            if line.startswith(b"event: reload"):
                with self.cond:
                    self.reloads.append(time.perf_counter())
                    self.cond.notify_all()

    def wait(self, seen, timeout=60):
        with self.cond:
            self.cond.wait_for(lambda: len(self.reloads) > seen, timeout)
            if len(self.reloads) <= seen:
                raise SystemExit("no reload event within a minute")
            return self.reloads[seen]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tafel")
    parser.add_argument("site")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    page = sorted(glob.glob(os.path.join(args.site, "content", "s01", "p*.en.md")))[1]
    original = open(page, encoding="utf-8").read()
    port = free_port()
    server = subprocess.Popen(
        [args.tafel, "serve", "--site", args.site, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    reported = []

    def read_output():
        for line in server.stdout:
            found = re.search(r"rendered (\d+) of (\d+) units in (\d+) ms", line)
            if found:
                reported.append(int(found.group(3)))

    try:
        started = time.perf_counter()
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
                conn.request("GET", "/")
                conn.getresponse().read()
                break
            except OSError:
                if server.poll() is not None or time.perf_counter() - started > 300:
                    raise SystemExit("the server did not start")
                time.sleep(0.1)
        print(f"first build and start: {time.perf_counter() - started:.2f} s")
        threading.Thread(target=read_output, daemon=True).start()
        events = Events(port)
        events.start()
        time.sleep(0.5)
        seen = 0
        for kind in ("body", "title"):
            waits, before = [], len(reported)
            for n in range(args.rounds):
                if kind == "body":
                    text = original + f"\nEdited {n}.\n"
                else:
                    text = re.sub(r"^title: (.*)$", rf"title: \1 {n}", original, count=1,
                                  flags=re.M)
                with open(page, "w", encoding="utf-8") as f:
                    f.write(text)
                wrote = time.perf_counter()
                waits.append(events.wait(seen) - wrote)
                seen += 1
                time.sleep(0.3)
            time.sleep(0.2)
            server_ms = reported[before:]
            print(f"{kind} edit: write to reload event {statistics.median(waits) * 1000:.0f} ms "
                  f"(median of {len(waits)}), rebuild as the server reports "
                  f"{statistics.median(server_ms) if server_ms else float('nan'):.0f} ms")
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()


if __name__ == "__main__":
    sys.exit(main())
