"""Fixtures of the live session tests."""
from cohort_world import world  # noqa: F401  (fixture)
