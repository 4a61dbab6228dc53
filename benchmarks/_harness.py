"""The generic side-by-side timing harness every suite uses.

A suite is a module of this package (``benchmarks/engine.py``, ...) that
defines ``REFERENCE`` (the library compared against, e.g. ``"PyTorch"``),
``cases()`` returning a list of ``Case`` and, optionally, ``notes()``
returning extra measured lines (hardware peaks) for the report.

Each case is run, for both libraries, on the same data built once by
``setup``: first once untimed to check that both give the same results, then
warmed up, then timed in interleaved samples (ember, reference, ember, ...),
each sample long enough (``min_sample_s``) to swamp timer resolution. The
per-call median over the samples is reported.
"""

import dataclasses
import datetime
import gc
import importlib.metadata
import math
import os
import platform
import statistics
import time
from typing import Any, Callable, Optional

import numpy as np

# -- cases ---------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    """One side-by-side benchmark.

    Args:
        name: the row name in the table.
        target: the ratio (ember time / reference time) ember should stay at or
            below (None: no target).
        setup: ``setup() -> state``, builds the data both sides use (untimed).
        ember_fn: ``ember_fn(state) -> outputs``, the timed ember call.
        reference_fn: ``reference_fn(state) -> outputs``, the same work in the
            reference library.
        flops: floating-point operations of one call, for GFLOP/s (optional).
        rtol, atol: tolerances of the default output comparison.
        compare: ``compare(ember_outputs, reference_outputs)`` raising
            ``AssertionError`` when they disagree; replaces the default
            element-wise ``np.allclose`` of each output (ember Tensors, torch
            tensors, arrays and numbers are converted to NumPy arrays).
        description: one line saying what is measured, for the report.
    """

    name: str
    target: Optional[float]
    setup: Callable[[], Any]
    ember_fn: Callable[[Any], Any]
    reference_fn: Callable[[Any], Any]
    flops: Optional[float] = None
    rtol: float = 1e-4
    atol: float = 1e-5
    compare: Optional[Callable[[Any, Any], None]] = None
    description: str = ""


@dataclasses.dataclass
class Result:
    case: Case
    ember_s: float  # median seconds per call
    reference_s: float
    inner: int  # calls per sample
    samples: int
    ember_spread: float  # (max - min) / median over the samples
    reference_spread: float
    busy: Optional[float] = None  # most cores other processes used in a kept pair
    retaken: int = 0  # sample pairs discarded because of foreign load

    @property
    def ratio(self):
        return self.ember_s / self.reference_s

    @property
    def holds(self):
        return None if self.case.target is None else self.ratio <= self.case.target


class VerificationError(AssertionError):
    """ember and the reference disagree: the timing would not compare like with like."""


# -- verification --------------------------------------------------------------


def to_numpy(value):
    """Convert an ember Tensor, a torch tensor, an array or a number to a NumPy array."""
    if hasattr(value, "detach"):  # torch
        return value.detach().cpu().numpy()
    if hasattr(value, "numpy") and callable(value.numpy):
        return np.asarray(value.numpy())
    return np.asarray(value)


def _as_list(outputs):
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def verify(case, state):
    """Run both sides once (untimed) and raise VerificationError unless they agree."""
    ours = case.ember_fn(state)
    theirs = case.reference_fn(state)
    if case.compare is not None:
        try:
            case.compare(ours, theirs)
        except AssertionError as error:
            raise VerificationError(f"{case.name}: {error}") from None
        return
    ours, theirs = _as_list(ours), _as_list(theirs)
    if len(ours) != len(theirs):
        raise VerificationError(
            f"{case.name}: ember returned {len(ours)} outputs, the reference {len(theirs)}"
        )
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if a is None or b is None:
            raise VerificationError(f"{case.name}: output {index} is None on one side")
        a, b = to_numpy(a), to_numpy(b)
        if a.shape != b.shape:
            raise VerificationError(
                f"{case.name}: output {index} has shape {a.shape} in ember, {b.shape} in reference"
            )
        if not np.allclose(a, b, rtol=case.rtol, atol=case.atol):
            worst = float(np.max(np.abs(a.astype(np.float64) - b.astype(np.float64))))
            raise VerificationError(
                f"{case.name}: output {index} differs (max abs difference {worst:.3g}, "
                f"rtol={case.rtol}, atol={case.atol})"
            )


# -- other processes -------------------------------------------------------------


class ForeignLoad:
    """CPU time other processes used while a block ran, in cores (0.0 = machine was ours).

    Reads /proc/stat (all processes) and ``os.times`` (this one); where /proc is
    missing the load reads as None.
    """

    def __enter__(self):
        self._start = (_busy_seconds(), _own_seconds(), time.perf_counter())
        return self

    def __exit__(self, *exc_info):
        busy, own, wall = self._start
        now_busy = _busy_seconds()
        elapsed = time.perf_counter() - wall
        if now_busy is None or busy is None or elapsed <= 0:
            self.cores = None
        else:
            foreign = (now_busy - busy) - (_own_seconds() - own)
            self.cores = max(foreign, 0.0) / elapsed
        return False


def _busy_seconds():
    try:
        with open("/proc/stat") as file:
            fields = [int(x) for x in file.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    # user nice system idle iowait irq softirq steal: steal is time the
    # hypervisor gave to other machines, as foreign as another process
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(limit_s, window_s=0.5):
    """Wait (up to ``limit_s``) until other processes use at most ``BUSY_LIMIT`` cores."""
    deadline = time.perf_counter() + limit_s
    while True:
        with ForeignLoad() as load:
            time.sleep(window_s)
        if load.cores is None or load.cores <= BUSY_LIMIT or time.perf_counter() >= deadline:
            return load.cores


def _own_seconds():
    t = os.times()
    return t.user + t.system


# -- timing --------------------------------------------------------------------


def _sample(fn, state, inner):
    start = time.perf_counter()
    for _ in range(inner):
        fn(state)
    return (time.perf_counter() - start) / inner


def _calibrate(fn, state, min_sample_s):
    """Calls per sample so that one sample takes at least ``min_sample_s``."""
    inner = 1
    while True:
        elapsed = _sample(fn, state, inner) * inner
        if elapsed >= min_sample_s:
            return inner
        if elapsed <= 0:
            inner *= 10
        else:
            inner = max(inner + 1, math.ceil(inner * 1.2 * min_sample_s / elapsed))


# Seconds to sleep before switching library. After a parallel region, both
# OpenBLAS (NumPy's BLAS; its idle threads poll for about 0.1 s) and PyTorch's
# OpenMP threads keep polling for work; with as many threads as cores, the
# other library's pollers would steal its cores (measured here: PyTorch's
# dense_1024 at 12 ms right after an ember call, 5.8 ms after this pause).
SWITCH_PAUSE_S = 0.15

# Cores other processes may use while a case is timed before it is timed again.
BUSY_LIMIT = 0.2


def _settle():
    time.sleep(SWITCH_PAUSE_S)


def time_case(case, repeat=7, min_sample_s=0.02, warmup=3, check=True, quiet_wait_s=10.0):
    """Verify, warm up and time one case; return a Result.

    Samples are taken in pairs (ember, then the reference). A pair during which
    other processes used more than ``BUSY_LIMIT`` cores is taken again, up to
    ``repeat`` extra pairs; the foreign load over the kept pairs is reported.
    """
    state = case.setup()
    if check:
        verify(case, state)
    for _ in range(warmup):
        case.ember_fn(state)
    _settle()
    for _ in range(warmup):
        case.reference_fn(state)
    _settle()
    # One inner count for both sides, from the slower one, so both samples last
    # at least min_sample_s.
    inner = _calibrate(case.ember_fn, state, min_sample_s)
    _settle()
    inner = max(inner, _calibrate(case.reference_fn, state, min_sample_s))
    ours, theirs, loads = [], [], []
    retaken = 0
    gc.collect()
    wait_for_quiet(quiet_wait_s)
    while len(ours) < repeat:  # interleaved, so drift affects both sides alike
        with ForeignLoad() as load:
            _settle()
            ember_s = _sample(case.ember_fn, state, inner)
            _settle()
            reference_s = _sample(case.reference_fn, state, inner)
        noisy = load.cores is not None and load.cores > BUSY_LIMIT
        if noisy and retaken < repeat:
            retaken += 1
            continue
        ours.append(ember_s)
        theirs.append(reference_s)
        loads.append(load.cores)
    ember_s, reference_s = statistics.median(ours), statistics.median(theirs)
    return Result(
        case=case,
        ember_s=ember_s,
        reference_s=reference_s,
        inner=inner,
        samples=repeat,
        ember_spread=(max(ours) - min(ours)) / ember_s,
        reference_spread=(max(theirs) - min(theirs)) / reference_s,
        busy=None if None in loads else max(loads),
        retaken=retaken,
    )


def gemm_gflops(matmul, a, b, min_sample_s=0.05, repeat=5):
    """Median GFLOP/s of ``matmul(a, b)`` for 2-D operands (2*m*k*n flops per call)."""
    m, k = a.shape
    n = b.shape[1]
    matmul(a, b)
    inner = _calibrate(lambda _: matmul(a, b), None, min_sample_s)
    seconds = statistics.median(_sample(lambda _: matmul(a, b), None, inner) for _ in range(repeat))
    return 2.0 * m * k * n / seconds / 1e9


# -- threads and machine ---------------------------------------------------------


def core_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def set_threads(threads):
    """Give NumPy's BLAS and PyTorch the same number of threads; return a limiter to keep."""
    limiter = None
    try:
        import threadpoolctl

        limiter = threadpoolctl.threadpool_limits(threads)
    except ImportError:
        pass
    try:
        import torch
    except ImportError:
        torch = None
    if torch is not None:
        torch.set_num_threads(threads)
    return limiter


def cpu_model():
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def blas_description():
    """The BLAS libraries loaded in this process and their thread counts (threadpoolctl)."""
    try:
        import threadpoolctl
    except ImportError:
        return ["threadpoolctl not installed: see numpy.show_config()"]
    lines = []
    for info in threadpoolctl.threadpool_info():
        name = info.get("internal_api", "?")
        version = info.get("version") or ""
        extra = info.get("architecture")
        filepath = info.get("filepath", "")
        # the folder says whose copy it is: numpy.libs, scipy.libs, torch/lib
        where = os.path.join(
            os.path.basename(os.path.dirname(filepath)), os.path.basename(filepath)
        )
        detail = ", ".join(x for x in (version, f"kernel {extra}" if extra else "") if x)
        lines.append(
            f"{name} ({detail}; {where}): {info.get('num_threads')} threads"
            if detail
            else f"{name} ({where}): {info.get('num_threads')} threads"
        )
    return lines


def machine_info(threads):
    info = {
        "CPU": f"{cpu_model()}, {core_count()} cores available, {threads} threads used",
        "Python": platform.python_version(),
    }
    if hasattr(os, "getloadavg"):
        # other processes on the machine share its cores: a 1-minute load
        # well above 0 before the run means the timings are noisy
        info["Load average before the run"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    versions = []
    for package in ("numpy", "scipy", "torch", "scikit-learn", "ember"):
        version = _version(package)
        if version:
            versions.append(f"{package} {version}")
    info["Versions"] = ", ".join(versions)
    info["Thread pools"] = "; ".join(blas_description())
    try:
        import torch

        info["PyTorch"] = (
            f"{torch.get_num_threads()} intra-op threads, BLAS "
            f"{'MKL' if torch.backends.mkl.is_available() else 'other'}, "
            f"CPU capability {torch.backends.cpu.get_cpu_capability()}"
        )
    except ImportError:
        pass
    return info


def now():
    return datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


# -- formatting ------------------------------------------------------------------


def format_seconds(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _number(x):
    return f"{x:.1f}" if round(x, 1) == x else f"{x:g}"


def rows(results):
    """Table rows (lists of strings) with a header first."""
    table = [["case", "ember", "reference", "ratio", "target", "holds", "notes"]]
    for r in results:
        notes = []
        if r.case.flops:
            ours = r.case.flops / r.ember_s / 1e9
            theirs = r.case.flops / r.reference_s / 1e9
            notes.append(f"GFLOP/s: ember {ours:.1f}, reference {theirs:.1f}")
        notes.append(f"{r.samples} samples x {r.inner} calls")
        noisy = max(r.ember_spread, r.reference_spread)
        if noisy > 0.25:
            notes.append(f"spread {noisy:.0%}")
        if r.retaken:
            notes.append(f"{r.retaken} noisy pairs retaken")
        if r.busy is not None and r.busy > BUSY_LIMIT:
            notes.append(f"other processes used up to {r.busy:.1f} cores")
        table.append(
            [
                r.case.name,
                format_seconds(r.ember_s),
                format_seconds(r.reference_s),
                f"{r.ratio:.2f}",
                "-" if r.case.target is None else f"<= {_number(r.case.target)}",
                {None: "-", True: "yes", False: "NO"}[r.holds],
                "; ".join(notes),
            ]
        )
    return table


def text_table(table):
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for index, row in enumerate(table):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(table):
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "|".join("---" for _ in table[0]) + "|"]
    for row in table[1:]:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


# -- RESULTS.md --------------------------------------------------------------------

RESULTS_HEADER = f"""\
# Benchmark results

`python -m benchmarks` runs each case with ember and with the reference library
on the same data, in the same process, with the same thread count, and reports
the median time of one call (forward + backward where the case says so).
**ratio** is ember time / reference time: below 1.0 ember is faster, 2.0 means
twice as slow; **target** is the ratio the case should stay within and
**holds** says whether it did. Compare numbers only within one section (same
machine, same run): each section is rewritten by the command it names.

Method: both sides are first checked to give the same outputs (loss and
gradients, `np.allclose`), then warmed up and timed in interleaved samples of
at least 20 ms, with a {SWITCH_PAUSE_S} s pause before each switch of library so that one
library's idle BLAS/OpenMP threads do not steal the other's cores. The machine
is shared: the harness measures the CPU time other processes used during each
(ember, reference) pair of samples and takes a pair again when they used more
than {BUSY_LIMIT} cores (the notes column says how many pairs were retaken and
what load remained, if any).
"""


def _markers(suite):
    return f"<!-- suite:{suite} start -->", f"<!-- suite:{suite} end -->"


def section(suite, reference, results, command, info, notes, descriptions):
    start, end = _markers(suite)
    lines = [start, f"## {suite} (reference: {reference})", ""]
    lines.append(f"- Command: `{command}`")
    lines.append(f"- Date: {now()}")
    for key, value in info.items():
        lines.append(f"- {key}: {value}")
    lines.append("")
    lines.append(markdown_table(rows(results)))
    lines.append("")
    if descriptions:
        lines.append("Cases:")
        lines.append("")
        lines.extend(f"- `{name}`: {text}" for name, text in descriptions)
        lines.append("")
    if notes:
        lines.append("Measured in the same run:")
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
        lines.append("")
    lines.append(end)
    return "\n".join(lines)


def write_section(path, suite, text):
    """Replace (or append) ``suite``'s section of the results file.

    The header (everything before the first suite section) is rewritten; other
    suites' sections and any hand-written text after them are kept.
    """
    start, end = _markers(suite)
    try:
        with open(path, encoding="utf-8") as file:
            content = file.read()
    except FileNotFoundError:
        content = ""
    first = content.find("<!-- suite:")
    content = RESULTS_HEADER + ("\n" + content[first:] if first >= 0 else "")
    if start in content and end in content:
        before = content[: content.index(start)]
        after = content[content.index(end) + len(end) :]
        content = before + text + after
    else:
        content = content.rstrip("\n") + "\n\n" + text + "\n"
    tmp = f"{path}.tmp"
    with open(tmp, "w", encoding="utf-8") as file:
        file.write(content)
    os.replace(tmp, path)
