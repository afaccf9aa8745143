"""Exports never contain PIN hashes or salts: a 4-digit PIN's hash falls to an offline search in minutes.

`export --all` (json and csv) and a young person's record (json) from a home where everyone has a PIN: no
column or field is named pin* or salt*, and no stored scrypt hash (nor its salt) appears anywhere in what
was written. The manifest says what was left out and why.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from db.store import Store
from handover.clock import FrozenClock
from handover.domain.enums import RuptureKind
from handover.exports.database import LEFT_OUT
from handover.service import Service
from tests.conftest import Home
from tests.test_cli import Handover

PINS = {"Morgan Blake": "86420", "Sam Kell": "2580", "Priya Shah": "40917", "Dev Okafor": "7391"}


@pytest.fixture
def run(service: Service, home: Home, clock: FrozenClock, db_path: Path) -> Handover:
    service.set_pin(home.morgan, home.morgan, PINS["Morgan Blake"])
    for person in (home.sam, home.priya, home.dev):
        service.set_pin(home.morgan, person, PINS[person.name])
    service.record_rupture(home.sam, home.jordan, [home.sam], RuptureKind.HARSH_TONE, "I raised my voice.")
    return Handover(db_path, clock)


def _secrets(db_path: Path) -> list[str]:
    """Every stored PIN hash and the salt inside it ("scrypt$n$r$p$salt$hash")."""
    store = Store.open(db_path)
    try:
        hashes = [r["pin_hash"] for r in store.rows("SELECT pin_hash FROM staff WHERE pin_hash IS NOT NULL")]
    finally:
        store.close()
    assert len(hashes) == 4 and all(h.startswith("scrypt$") for h in hashes)
    return hashes + [h.split("$")[4] for h in hashes] + [h.split("$")[5] for h in hashes]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _no_secret_names(names: set[str]) -> None:
    assert not [n for n in names if n.lower().startswith(("pin", "salt"))]


def test_export_all_json_has_no_pin_hash_or_salt(run: Handover, tmp_path: Path) -> None:
    out = tmp_path / "everything.json"
    run.ok("export", "--all", "--format", "json", "--by", "Morgan", "--out", str(out), pin=PINS["Morgan Blake"])
    text = out.read_text()
    assert "scrypt$" not in text
    assert not [s for s in _secrets(run.db_path) if s in text]
    document = json.loads(text)
    _no_secret_names(_keys(document))
    for table in document["tables"].values():
        _no_secret_names(set(table["columns"]))
    assert document["tables"]["staff"]["columns"] == ["id", "name", "role", "active", "created_at"]
    assert document["export"]["left_out"] == LEFT_OUT


def test_export_all_csv_has_no_pin_hash_or_salt(run: Handover, tmp_path: Path) -> None:
    out = tmp_path / "everything"
    run.ok("export", "--all", "--format", "csv", "--by", "Morgan", "--out", str(out), pin=PINS["Morgan Blake"])
    secrets = _secrets(run.db_path)
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "scrypt$" not in text and not [s for s in secrets if s in text], path.name
        if path.suffix == ".csv":
            with path.open(newline="", encoding="utf-8") as f:
                _no_secret_names(set(next(csv.reader(f))))
    staff = list(csv.DictReader((out / "staff.csv").open(newline="", encoding="utf-8")))
    assert {s["name"] for s in staff} == set(PINS)  # everyone is there, without their PIN
    assert json.loads((out / "manifest.json").read_text())["left_out"] == LEFT_OUT


def test_a_young_persons_record_has_no_pin_hash(run: Handover) -> None:
    args = ["export", "--young-person", "Jordan", "--by", "Morgan", "--format", "json", "--out", "-"]
    text = run.ok(*args, pin=PINS["Morgan Blake"])
    assert "scrypt$" not in text
    _no_secret_names(_keys(json.loads(text)))
