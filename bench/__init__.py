"""Benchmarks of the course's grading (not part of the installed package)."""
