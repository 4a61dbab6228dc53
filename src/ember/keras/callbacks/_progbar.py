"""``Progbar``: Keras' text progress bar with ETA and running metrics."""

import sys
import time

import numpy as np


class Progbar:
    """Display progress over ``target`` steps (unknown when None).

    Args:
        target: total number of steps.
        width: width of the bar in characters.
        verbose: 1 draws a bar updated in place, 2 prints one summary line at the end.
        stateful_metrics: names of values shown as given (not averaged over steps).

    Example:
        >>> bar = Progbar(10)
        >>> for step in range(10):
        ...     bar.update(step + 1, values=[("loss", 0.5)])
    """

    def __init__(self, target, width=30, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step", stream=None):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        self._stream = stream
        self._values = {}
        self._order = []
        self._start = time.perf_counter()
        self._last_update = 0.0
        self._seen = 0
        self._dynamic = self._is_terminal()
        self._previous_width = 0

    @property
    def stream(self):
        return self._stream or sys.stdout

    def _is_terminal(self):
        stream = self.stream
        return hasattr(stream, "isatty") and stream.isatty()

    def update(self, current, values=None, finalize=None):
        """Move to step ``current`` and record ``values`` (pairs of name and number)."""
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or []:
            if name not in self._values:
                self._order.append(name)
            if name in self.stateful_metrics:
                self._values[name] = [value, 1]
            else:
                steps = max(current - self._seen, 1)
                total, count = self._values.get(name, [0.0, 0])
                self._values[name] = [total + value * steps, count + steps]
        self._seen = current
        now = time.perf_counter()
        if self.verbose == 1:
            if not finalize and now - self._last_update < self.interval:
                return
            self._last_update = now
            self._draw(current, now, finalize)
        elif self.verbose == 2 and finalize:
            elapsed = now - self._start
            self.stream.write(f"{current}/{self.target} - {self._timing(elapsed, current)}{self._metrics()}\n")
            self.stream.flush()

    def add(self, n, values=None):
        self.update(self._seen + n, values)

    def _draw(self, current, now, finalize):
        elapsed = now - self._start
        if self.target is not None:
            digits = len(str(self.target))
            bar = f"{current:{digits}d}/{self.target} ["
            filled = int(self.width * current / max(self.target, 1))
            if filled > 0:
                bar += "=" * (filled - 1) + ("=" if current >= self.target else ">")
            bar += "." * (self.width - filled) + "]"
        else:
            bar = f"{current:7d}/Unknown"
        if finalize:
            info = f" - {self._timing(elapsed, current)}"
        else:
            per_step = elapsed / max(current, 1)
            eta = per_step * (self.target - current) if self.target else 0
            info = f" - ETA: {_format_eta(eta)}"
        line = bar + info + self._metrics()
        if self._dynamic:
            padding = max(self._previous_width - len(line), 0)
            self.stream.write("\r" + line + " " * padding)
            self._previous_width = len(line)
            if finalize:
                self.stream.write("\n")
        elif finalize:
            self.stream.write(line + "\n")
        self.stream.flush()

    def _timing(self, elapsed, current):
        per_step = elapsed / max(current, 1)
        if per_step >= 1:
            unit = f"{per_step:.0f}s/{self.unit_name}"
        elif per_step >= 1e-3:
            unit = f"{per_step * 1e3:.0f}ms/{self.unit_name}"
        else:
            unit = f"{per_step * 1e6:.0f}us/{self.unit_name}"
        return f"{elapsed:.0f}s {unit}"

    def _metrics(self):
        parts = []
        for name in self._order:
            total, count = self._values[name]
            value = total / max(count, 1)
            parts.append(f" - {name}: {_format_value(value)}")
        return "".join(parts)


def _format_value(value):
    value = float(np.asarray(value))
    return f"{value:.4f}" if abs(value) >= 1e-3 or value == 0 else f"{value:.4e}"


def _format_eta(seconds):
    if seconds > 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"
    if seconds > 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{seconds:.0f}s"
