"""A progress line for long model-selection runs: fits done / total, elapsed time and ETA.

On a terminal the line is rewritten in place (carriage return); elsewhere
(logs, notebooks' captured stderr) plain lines are written, at most about one
a second plus the final one, so a log does not fill with thousands of lines.
"""

import sys
import time


def _clock(seconds):
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class ProgressBar:
    """``update()`` after each finished fit; ``close()`` at the end (also a context manager).

    Args:
        total: the number of fits.
        label: shown first (``"GridSearchCV"``).
        stream: where to write (default ``sys.stderr``, looked up when created).
        width: the number of characters of the bar itself.
        in_place: rewrite one line (default: when ``stream`` is a terminal).

    Example:
        >>> import io
        >>> stream = io.StringIO()
        >>> with ProgressBar(2, "demo", stream=stream) as bar:
        ...     bar.update(); bar.update()
        >>> stream.getvalue().splitlines()[-1].startswith("demo: 2/2 fits")
        True
    """

    def __init__(self, total, label="", *, stream=None, width=24, min_interval=1.0, in_place=None):
        self.total = int(total)
        self.label = label
        self.stream = sys.stderr if stream is None else stream
        self.width = width
        self.min_interval = min_interval
        self.done = 0
        self.start = time.perf_counter()
        self._last_write = -float("inf")
        self._last_length = 0
        isatty = getattr(self.stream, "isatty", None)
        self.in_place = bool(isatty and isatty()) if in_place is None else bool(in_place)

    def line(self, now=None):
        """The text of the progress line at time ``now`` (``perf_counter`` seconds)."""
        now = time.perf_counter() if now is None else now
        elapsed = now - self.start
        fraction = self.done / self.total if self.total else 1.0
        filled = int(round(fraction * self.width))
        bar = "#" * filled + "." * (self.width - filled)
        if self.done:
            eta = _clock(elapsed / self.done * (self.total - self.done))
        else:
            eta = "?"
        prefix = f"{self.label}: " if self.label else ""
        return (f"{prefix}{self.done}/{self.total} fits [{bar}] {fraction:4.0%} "
                f"elapsed {_clock(elapsed)} ETA {eta}")

    def update(self, n=1):
        """Count ``n`` more finished fits and redraw (throttled when not on a terminal)."""
        self.done += n
        now = time.perf_counter()
        finished = self.done >= self.total
        if not finished and now - self._last_write < (0.1 if self.in_place else self.min_interval):
            return
        self._last_write = now
        text = self.line(now)
        if self.in_place:
            padding = " " * max(0, self._last_length - len(text))
            self.stream.write("\r" + text + padding)
            self._last_length = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def close(self):
        """End the in-place line with a newline."""
        if self.in_place and self._last_length:
            self.stream.write("\n")
            self.stream.flush()
            self._last_length = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
