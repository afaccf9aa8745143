"""Dataclasses' generated methods, compiled once and kept between starts, as Python keeps modules' bytecode.

Python 3.11 makes a dataclass's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and `__delattr__`
by writing each one's source and compiling it with `exec`, for every class, at every start (Python 3.13
compiles a class's methods in one step; 3.11 does not). The board's start makes 93 dataclasses (the domain's
records and Textual's own), about 400 compilations: 15-20 ms of a start of about 270 ms
(docs/PERFORMANCE.md). A module's bytecode is cached in `__pycache__`; these methods' is not, because they
are not in any file.

`install()` (the console script's first step, before anything else is imported) has the `dataclasses` module
compile through `_exec`: the source text is looked up in this cache first, and compiled only when it is
new. The compiled code is exactly what `exec` would have compiled from that text (the key is the whole text,
compiled the same way), so a class made from the cache is the same class. What was compiled anew is saved at
exit, so the next start finds it.

The file is Python's own kind of cache (marshal after the bytecode's magic number, like a .pyc), in Python's
cache folder when one is set
(PYTHONPYCACHEPREFIX) or else the user's cache folder, named for the interpreter (`cpython-311`), so another
Python never reads it. Nothing is written when Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE,
`-B`). A missing, unreadable or damaged file is an empty cache: the start is as slow as before and as correct.
"""

from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import os
import sys
from importlib.util import MAGIC_NUMBER  # what a .pyc starts with
from pathlib import Path
from types import CodeType
from typing import Any

#: Entries kept at most. The key is a method's whole source, so an edited class adds entries and leaves its
#: old ones unused; past this the file keeps only what this process used.
MAX_ENTRIES = 4000

_cache: dict[str, CodeType] = {}
_used: set[str] = set()
_new = 0
_unsaved = False
_path: Path | None = None


def cache_file() -> Path:
    """Where the compiled methods are kept: Python's cache folder when one is set, else the user's."""
    if sys.pycache_prefix:
        folder = Path(sys.pycache_prefix)
    else:
        import platformdirs  # the board imports it anyway (handover/config.py)

        folder = Path(platformdirs.user_cache_dir("handover", appauthor=False))
    return folder / f"dataclass-methods.{sys.implementation.cache_tag}.marshal"


def install(path: Path | None = None) -> None:
    """Compile dataclasses' methods through the cache from now on, and save what is new at exit."""
    global _path
    if _path is not None or not hasattr(dataclasses, "_create_fn"):  # once; only where 3.11's hook exists
        return
    _path = path or cache_file()
    _cache.update(_read(_path))
    # `dataclasses` calls the name `exec`, which Python looks up in the module's globals before the builtins.
    vars(dataclasses)["exec"] = _exec
    atexit.register(save)


def uninstall() -> None:
    """Back to `dataclasses`' own `exec` (tests)."""
    global _path, _new, _unsaved
    vars(dataclasses).pop("exec", None)
    atexit.unregister(save)
    _path = None
    _new = 0
    _unsaved = False
    _cache.clear()
    _used.clear()


def compiled_anew() -> int:
    """How many methods this process has compiled because the cache did not have them."""
    return _new


def _exec(source: Any, globals_: dict[str, Any] | None = None, locals_: dict[str, Any] | None = None) -> None:
    global _new, _unsaved
    if not isinstance(source, str):  # not what dataclasses passes; run it as given
        builtins.exec(source, globals_, locals_)
        return
    code = _cache.get(source)
    if code is None:
        # dont_inherit: compiled as dataclasses' own `exec` compiles it, without this module's __future__ flags.
        code = compile(source, "<string>", "exec", dont_inherit=True)
        _cache[source] = code
        _new += 1
        _unsaved = True
    _used.add(source)
    builtins.exec(code, globals_, locals_)


def _read(path: Path) -> dict[str, CodeType]:
    try:
        data = path.read_bytes()
        # Written by a Python whose bytecode differs (the name says 3.11, not which 3.11 build): start empty.
        if not data.startswith(MAGIC_NUMBER):
            return {}
        loaded = marshal.loads(data[len(MAGIC_NUMBER) :])
    except Exception:  # noqa: BLE001 - missing, unreadable or damaged in any way: start empty, never fail
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {key: code for key, code in loaded.items() if isinstance(key, str) and isinstance(code, CodeType)}


def save() -> None:
    """Write the cache if this process has compiled anything new since it last did (the board saves once its
    screens are imported, handover/preload.py; every process at exit). Atomic: a reader sees the old file or
    the new one. A folder that cannot be written to is left alone: the next start compiles again."""
    global _unsaved
    if _path is None or not _unsaved or sys.dont_write_bytecode:
        return
    _unsaved = False
    import tempfile  # here, not at the start: it imports `random` and `shutil`

    # Copies first (each made in one step under the interpreter lock): the preload thread saves while the main
    # thread may be making a class.
    cache, used = dict(_cache), set(_used)
    keep = cache if len(cache) <= MAX_ENTRIES else {key: cache[key] for key in used if key in cache}
    try:
        _path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=_path.parent, prefix=_path.name, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(MAGIC_NUMBER + marshal.dumps(keep))
            os.replace(temporary, _path)
        except BaseException:
            os.unlink(temporary)
            raise
    except Exception:  # noqa: BLE001 - a full disk, a folder it may not write: the next start compiles again
        pass
