"""Fixtures: the shared cohort world of tests/live/cohort_world.py."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "live"))

from cohort_world import world  # noqa: E402,F401  (fixture)
