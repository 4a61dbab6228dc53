"""ember.learn tests: put this folder on sys.path so every test module can import
``learn_checks`` (the shared scikit-learn ``check_estimator`` runner)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
