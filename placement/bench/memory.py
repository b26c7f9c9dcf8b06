"""Server memory: resident set of a process and its descendants.

Read from ``/proc`` (Linux only). A sampling thread records the peak of
the summed ``VmRSS``; ``VmHWM`` of each process is its own peak, which
catches spikes shorter than the sampling period.
"""

import os
import threading

SAMPLE_SECONDS = 0.2


def _status_kb(pid, field):
    try:
        with open('/proc/%d/status' % pid) as status:
            for line in status:
                if line.startswith(field + ':'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _parent_of(pid):
    try:
        with open('/proc/%d/stat' % pid) as stat:
            # The command name is in parentheses and may hold spaces.
            return int(stat.read().rsplit(')', 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def process_tree(root):
    """``root`` and all its descendants' pids."""
    parents = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            parents[int(entry)] = _parent_of(int(entry))
    tree = [root]
    for pid in tree:
        tree.extend(child for child, parent in parents.items()
                    if parent == pid)
    return tree


class MemorySampler(object):
    """Peak memory of a server process tree while it is running."""

    def __init__(self, root_pid):
        self.root_pid = root_pid
        self.peak_rss_kb = 0
        self._window_kb = 0
        self._lock = threading.Lock()
        self.hwm_kb = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_SECONDS)

    def sample(self):
        pids = process_tree(self.root_pid)
        total = sum(_status_kb(pid, 'VmRSS') for pid in pids)
        with self._lock:
            self.peak_rss_kb = max(self.peak_rss_kb, total)
            self._window_kb = max(self._window_kb, total)
        for pid in pids:
            self.hwm_kb[pid] = max(self.hwm_kb.get(pid, 0),
                                   _status_kb(pid, 'VmHWM'))

    def take_peak(self):
        """Peak summed RSS (MB) since the previous call."""
        self.sample()
        with self._lock:
            peak, self._window_kb = self._window_kb, 0
        return round(peak / 1024.0, 1)

    def stop(self):
        """Stop sampling; return the peaks in MB."""
        self._stop.set()
        self._thread.join()
        self.sample()
        workers = [kb for pid, kb in self.hwm_kb.items()
                   if pid != self.root_pid]
        return {
            'peak_rss_mb': round(self.peak_rss_kb / 1024.0, 1),
            'hwm_sum_mb': round(sum(self.hwm_kb.values()) / 1024.0, 1),
            'peak_worker_mb': round(max(workers or [0]) / 1024.0, 1),
        }
