"""Benchmarks: scripts that measure the board and print figures (see docs/PERFORMANCE.md).

Run one with `.venv/bin/python benchmarks/NAME.py`, or all with `make bench`.
"""
