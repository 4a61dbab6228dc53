"""Test-suite setup: data files come from ../shared/datasets, never the network."""

import os
from pathlib import Path

os.environ.setdefault(
    "EMBER_DATA_HOME", str(Path(__file__).resolve().parents[2] / "shared" / "datasets")
)
