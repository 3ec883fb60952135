"""Process-tree figures for the benchmarks: peak RSS sampled in a thread, CPU seconds.

A server or a build is a process with children (query workers, build workers); what it costs
is their sum. Shared by bench/build.py and bench/serve.py (run as scripts, so this folder is on
their import path).
"""

from __future__ import annotations

import threading

import psutil


class RssSampler(threading.Thread):
    """Peak RSS of a process and its children, summed, sampled every `interval` seconds."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True, name=f"rss-{pid}")
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self.last = 0
        self._stop_event = threading.Event()

    def sample(self) -> int:
        try:
            root = psutil.Process(self.pid)
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for process in processes:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.last = self.sample()
            self.peak = max(self.peak, self.last)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live children."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total
