"""No source file past 500 lines: a file that big holds more than one subject and wants splitting by subject
(STYLE.md; the anchors' god files are the warning)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 500


def test_no_source_file_is_over_500_lines() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for package in ("handover", "widgets", "db", "benchmarks")
        for path in (ROOT / package).rglob("*.py")
    }
    assert sizes, "no source files found"
    assert {name: lines for name, lines in sizes.items() if lines > LIMIT} == {}
