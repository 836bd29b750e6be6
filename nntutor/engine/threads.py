"""How many BLAS threads the CPU engine uses.

Measured with bench/threads.py (figures in docs/engine.md): on an idle machine
the biggest benchmark network (784-512-512-10, batch 256) runs up to 1.6× faster
on two BLAS threads than on one, but with one busy neighbour process two threads
fall well below one, because each matrix product waits for its slowest thread.
Networks whose products are smaller (784-128-10 at batch 128, 2-64-64-1 at batch
256) are slower on two threads even on a quiet machine: splitting a small product
costs more than it saves. So the default is ``auto``: one thread, unless the
step's largest matrix product has at least ``PARALLEL_MIN_PRODUCT`` multiply-adds;
then one thread per idle core (at least one), looked at again every few seconds
while training.

Threads are set with threadpoolctl when it is installed. Without it they can
only be set before NumPy is first imported (the ``nntutor train`` command does
that), through the OpenBLAS/OpenMP/MKL environment variables.
"""

from __future__ import annotations

import os
import sys
import time

# batch × inputs × outputs of the largest product from which two threads pay on a quiet
# machine (measured: 2-64-64-1 at batch 256, 1 M, is slower on two; 784-32-10 at batch 128,
# 3.2 M, 8% faster; 784-128-10 at batch 128, 12.8 M, 45% faster)
PARALLEL_MIN_PRODUCT = 3e6
_ENV_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
RECHECK_SECONDS = 2.0


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _cpu_times() -> tuple[float, float] | None:
    """(busy, total) jiffies over all CPUs, from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [float(v) for v in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = fields
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


def _all_cores() -> int:
    return max(1, os.cpu_count() or 1)


class OthersWatch:
    """How many cores other processes have kept busy since the watch was (re)started."""

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        self._mark = (time.monotonic(), time.process_time(), _cpu_times())

    def elapsed(self) -> float:
        return time.monotonic() - self._mark[0]

    def busy(self) -> float | None:
        """Cores busy with other processes over the watched time (None where /proc/stat is missing)."""
        wall0, own0, stat0 = self._mark
        wall, own, stat = time.monotonic(), time.process_time(), _cpu_times()
        if stat is None or stat0 is None or stat[1] <= stat0[1] or wall <= wall0:
            return None
        busy = (stat[0] - stat0[0]) / (stat[1] - stat0[1]) * _all_cores()
        return max(0.0, busy - (own - own0) / (wall - wall0))


def busy_cores(sample_seconds: float = 0.1) -> float:
    """How many cores other processes keep busy now: a short sample of /proc/stat, else the load average."""
    watch = OthersWatch()
    time.sleep(sample_seconds)
    busy = watch.busy()
    if busy is not None:
        return busy
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def threads_for(busy: float, cores: int) -> int:
    """One thread per idle core, at least one."""
    return max(1, min(cores, cores - round(busy)))


def set_blas_threads(count: int) -> bool:
    """Limit BLAS to ``count`` threads; False where that is no longer possible in this process."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        if "numpy" in sys.modules:
            return False
        for var in _ENV_VARS:
            os.environ[var] = str(count)
        return True
    threadpool_limits(limits=count, user_api="blas")
    return True


class ThreadPolicy:
    """Keeps the BLAS thread count fitted to the work and the machine.

    ``requested``: a fixed count, or None for auto. ``largest_product``: batch × inputs ×
    outputs of the step's largest matrix product (None: unknown, treated as large).
    """

    def __init__(self, requested: int | None = None, largest_product: float | None = None) -> None:
        self.requested, self.largest_product = requested, largest_product
        self.cores = available_cores()
        self.fixed = requested is not None
        self.adaptive = (
            not self.fixed
            and self.cores > 1
            and (largest_product is None or largest_product >= PARALLEL_MIN_PRODUCT)
        )
        if self.fixed:
            self.threads = requested
        else:
            self.threads = threads_for(busy_cores(), self.cores) if self.adaptive else 1
        self.applied = set_blas_threads(self.threads)
        self._watch = OthersWatch()

    def recheck(self) -> None:
        """Look at the machine again (at most every few seconds) and change the thread count if it should."""
        if not (self.adaptive and self.applied) or self._watch.elapsed() < RECHECK_SECONDS:
            return
        others = self._watch.busy()
        self._watch.restart()
        if others is not None:
            self.set_for(others)

    def set_for(self, others_busy: float) -> None:
        """Fit the count to ``others_busy`` cores kept busy by other processes (auto only)."""
        wanted = threads_for(others_busy, self.cores)
        if self.adaptive and wanted != self.threads and set_blas_threads(wanted):
            self.threads = wanted


_policy: ThreadPolicy | None = None


def prepare_before_numpy(requested: int | None) -> None:
    """Where threadpoolctl is missing, set the thread count now, while NumPy is not yet loaded."""
    import importlib.util

    if importlib.util.find_spec("threadpoolctl") is None:
        thread_policy(requested)


def thread_policy(
    requested: int | None = None, largest_product: float | None = None
) -> ThreadPolicy:
    """The process's thread policy (BLAS threads are shared by the whole process)."""
    global _policy
    if _policy is None or (_policy.requested, _policy.largest_product) != (
        requested,
        largest_product,
    ):
        _policy = ThreadPolicy(requested, largest_product)
    return _policy
