"""The screens read through the service's own reads, never through its store: the import contracts
(tests/test_layers.py) cannot see `service.store.<query>()`, since it is an attribute, not an import."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ["handover/screens", "handover/dialogs", "widgets", "handover/app.py", "handover/lock.py", "handover/commands.py"]


def test_no_ui_module_reaches_the_store_through_the_service() -> None:
    reach = re.compile(r"\.store\.")
    found = []
    for place in UI:
        path = ROOT / place
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if reach.search(line.split("#", 1)[0]):
                    found.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
