"""Benchmarks of HRDAP (issue 10): the deadline rush and course browsing against a bare-Flask baseline."""
