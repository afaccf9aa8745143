"""The dataclass cache (handover/dataclass_cache.py): the next start compiles nothing, and a class made from
the cache is the class Python would have made."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.util import MAGIC_NUMBER
from pathlib import Path

import pytest

from handover import dataclass_cache

# A module without `from __future__ import annotations`, so its classes' annotations are real objects: the
# cache must compile the generated methods as `dataclasses` does, not with this test module's flags.
SOURCE = """
import dataclasses

@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Visit:
    young_person: str
    minutes: int = 10
    tags: tuple = dataclasses.field(default_factory=tuple)
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)  # as an installed board runs (CI's shell sets it)
    path = tmp_path / "methods.marshal"
    dataclass_cache.install(path)
    yield path
    dataclass_cache.uninstall()


def make_class() -> type:
    namespace: dict[str, object] = {}
    exec(compile(SOURCE, "<visit>", "exec", dont_inherit=True), namespace)
    return namespace["Visit"]  # type: ignore[return-value]


def behaviour(cls: type) -> tuple[object, ...]:
    visit = cls(young_person="Amelia Bartley", minutes=5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        visit.minutes = 6
    with pytest.raises(TypeError):
        cls("Amelia Bartley")  # keyword-only
    return (
        repr(visit),
        visit == cls(young_person="Amelia Bartley", minutes=5),
        visit == cls(young_person="Amelia Bartley"),
        hash(visit) == hash(cls(young_person="Amelia Bartley", minutes=5)),
        vars(cls)["__init__"].__annotations__,
        [field.name for field in dataclasses.fields(cls)],
        dataclasses.replace(visit, minutes=7).minutes,
    )


def test_a_class_from_the_cache_is_the_class_python_makes(cache: Path) -> None:
    dataclass_cache.uninstall()
    expected = behaviour(make_class())  # dataclasses' own compile
    assert expected[4] == {"young_person": str, "minutes": int, "tags": tuple, "return": None}

    dataclass_cache.install(cache)
    assert behaviour(make_class()) == expected  # compiled anew, through the cache
    assert dataclass_cache.compiled_anew() >= 4  # __init__, __repr__, __eq__, __hash__ at least
    dataclass_cache.save()
    dataclass_cache.uninstall()

    dataclass_cache.install(cache)
    assert behaviour(make_class()) == expected  # from the file
    assert dataclass_cache.compiled_anew() == 0


def test_a_damaged_file_is_an_empty_cache_and_is_replaced(cache: Path) -> None:
    dataclass_cache.uninstall()
    cache.write_bytes(b"\x00not marshal at all")
    dataclass_cache.install(cache)
    make_class()
    assert dataclass_cache.compiled_anew() > 0
    dataclass_cache.save()
    assert cache.read_bytes().startswith(MAGIC_NUMBER)
    assert isinstance(marshal.loads(cache.read_bytes()[len(MAGIC_NUMBER) :]), dict)


def test_a_file_from_another_pythons_bytecode_is_not_read(cache: Path) -> None:
    make_class()
    dataclass_cache.save()
    dataclass_cache.uninstall()
    cache.write_bytes(b"\x00\x00\r\n" + cache.read_bytes()[len(MAGIC_NUMBER) :])  # another magic number
    dataclass_cache.install(cache)
    make_class()
    assert dataclass_cache.compiled_anew() > 0


def test_a_cache_grown_too_big_keeps_only_what_this_process_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dataclass_cache.uninstall()
    stale = compile("x = 1", "<string>", "exec")
    cache.write_bytes(MAGIC_NUMBER + marshal.dumps({f"old source {n}": stale for n in range(10)}))
    monkeypatch.setattr(dataclass_cache, "MAX_ENTRIES", 5)
    dataclass_cache.install(cache)
    make_class()
    dataclass_cache.save()
    kept = marshal.loads(cache.read_bytes()[len(MAGIC_NUMBER) :])
    assert len(kept) == dataclass_cache.compiled_anew()  # the class's methods, none of the old entries
    assert not any(key.startswith("old source") for key in kept)


def test_a_second_save_writes_only_when_something_new_was_compiled(cache: Path) -> None:
    make_class()
    dataclass_cache.save()
    written = cache.stat().st_mtime_ns
    cache.write_bytes(cache.read_bytes())  # the same content, a newer time
    again = cache.stat().st_mtime_ns
    assert again >= written
    make_class()  # compiled already: from the cache
    dataclass_cache.save()
    assert cache.stat().st_mtime_ns == again


def test_nothing_is_written_when_python_is_told_not_to(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    make_class()
    dataclass_cache.save()
    assert not cache.exists()


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    dataclass_cache.install(blocker / "methods.marshal")
    try:
        make_class()
        dataclass_cache.save()  # no error: the next start compiles again
    finally:
        dataclass_cache.uninstall()
    assert blocker.read_text() == "a file where the cache folder would be"


def test_the_console_scripts_second_start_compiles_nothing(tmp_path: Path) -> None:
    """Two real processes started as `handover` starts: the first fills the cache at exit, the second finds
    every one of the domain's and Textual's dataclasses there."""
    script = (
        "from handover import dataclass_cache; dataclass_cache.install(); "
        "import handover.app, handover.screens.board; "
        "from handover.domain.models import YoungPerson; "
        "print(dataclass_cache.compiled_anew(), repr(YoungPerson(id=1, name='Amelia Bartley')))"
    )
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache"), "PYTHONDONTWRITEBYTECODE": ""}
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    made, shown = first.stdout.split(" ", 1)
    assert int(made) > 50
    assert second.stdout == f"0 {shown}"
    assert (tmp_path / "pycache" / f"dataclass-methods.{sys.implementation.cache_tag}.marshal").exists()
