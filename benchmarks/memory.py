"""Peak memory of the served app while a real browser opens every page.

`ita serve` runs on the benchmark database (on 127.0.0.1, a free port, for this measurement
only: the database must never be served to users). A sampler sums VmRSS over the whole process
tree (the `ita serve` process and all its descendants, from /proc) every 100 ms, while Debian's
chromium, driven by Playwright with the launch arguments of tests/e2e/conftest.py, opens every
page one after another with realistic URL parameters and waits for each to finish running.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.national import ita_command

CHROMIUM = os.environ.get("ITA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # as tests/e2e/conftest.py launches it
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_pids(root: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def tree_rss_mb(root: int) -> float:
    total_kb = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb / 1024


class Sampler(threading.Thread):
    def __init__(self, root: int, every_s: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root, self.every_s = root, every_s
        self.peak_mb = 0.0
        self.last_mb = 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.last_mb = tree_rss_mb(self.root)
            self.peak_mb = max(self.peak_mb, self.last_mb)
            self._stop_event.wait(self.every_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _wait_ready(url: str, proc: subprocess.Popen, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.3)


def run(
    db: Path,
    visits: list[tuple[str, str, str, dict[str, str]]],
    work: Path,
    log=print,
    page_timeout_s: float = 45.0,
) -> dict[str, Any]:
    """visits: (page, scope, URL path, URL parameters), opened in this order."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with open(work / "serve.log", "w") as out:
        proc = subprocess.Popen(
            [*ita_command(), "serve", "--db", str(db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole at the end
        )
    sampler = Sampler(proc.pid)
    opened: list[dict[str, Any]] = []
    try:
        _wait_ready(url, proc)
        sampler.start()
        idle_mb = tree_rss_mb(proc.pid)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="th-TH")
            page = context.new_page()
            for name, scope, path, params in visits:
                started = time.perf_counter()
                page.goto(f"{url}/{path}?{urlencode(params)}")
                status = "rendered"
                try:
                    page.wait_for_selector("h1", timeout=page_timeout_s * 1000)
                    page.wait_for_selector(DONE, timeout=page_timeout_s * 1000)
                    page.wait_for_timeout(300)
                    page.wait_for_selector(DONE, timeout=page_timeout_s * 1000)
                except Exception:  # playwright's TimeoutError
                    status = f"not finished after {page_timeout_s:.0f} s"
                seconds = time.perf_counter() - started
                opened.append(
                    {
                        "page": name,
                        "scope": scope,
                        "status": status,
                        "browser_s": round(seconds, 2),
                        "rss_mb_after": round(tree_rss_mb(proc.pid), 1),
                    }
                )
                log(
                    f"  {name:<13} {scope:<12} {status:<24} {seconds:6.1f} s   "
                    f"RSS {opened[-1]['rss_mb_after']:7.1f} MB (peak {sampler.peak_mb:.1f})"
                )
            context.close()
            browser.close()
        final_mb = tree_rss_mb(proc.pid)
        processes = len(tree_pids(proc.pid))
    finally:
        sampler.stop()
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return {
        "idle_mb": round(idle_mb, 1),
        "peak_mb": round(sampler.peak_mb, 1),
        "final_mb": round(final_mb, 1),
        "processes": processes,
        "pages": opened,
    }
