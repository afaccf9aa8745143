"""When and how a handover process runs Python's cyclic garbage collector.

Everything here is garbage that reference counting frees at once; the cyclic collector only finds the rest
(cycles), and its cost is walking the objects it tracks. Two decisions, both measured (docs/PERFORMANCE.md):

- Its thresholds (GC_THRESHOLDS): 50,000 / 20 / 20 instead of Python's 700 / 10 / 10. Loading Textual makes a
  few hundred thousand objects that live as long as the process, and a refresh of a big board makes tens of
  thousands more; with Python's thresholds the collector ran about 220 times (55 ms) before the board's first
  frame, and about 14 times per refresh of a 1,000-row board, now and then walking every object (100-150 ms).
- Off until the board's first frame (`hold`, from the console script's first line): even at 50,000 it ran
  once before the first frame, for about 10 ms, walking objects that all live on. The board turns it back
  on once its first frame is drawn (`settle`), a command at once (`resume`).
"""

from __future__ import annotations

import gc

#: The collector's thresholds in every handover process (Python's own: 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 20)

_held = False


def tune() -> None:
    """Set GC_THRESHOLDS (the console script does, first thing; benchmarks running the app in-process too)."""
    gc.set_threshold(*GC_THRESHOLDS)


def hold() -> None:
    """No collection until the board's first frame (the console script, before it imports anything else)."""
    global _held
    tune()
    gc.disable()
    _held = True


def resume() -> None:
    """Collect as usual from now on: a command other than the board, which has no first frame to wait for."""
    global _held
    if _held:
        _held = False
        gc.enable()


def settle() -> None:
    """After the board's first frame: one collection of what start-up left, then as usual. A no-op unless held
    (the app in tests, or started some other way, never was)."""
    global _held
    if _held:
        _held = False
        gc.collect(0)
        gc.enable()


def held() -> bool:
    """Whether collection is still held for a first frame."""
    return _held
