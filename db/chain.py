"""The hash chain over events: each event's hash covers its content and the previous event's hash, so an
edit or deletion made behind the board's back (a raw SQL edit, a restored old copy) breaks the chain there."""

from __future__ import annotations

import hashlib
import json


def event_hash(prev_hash: str | None, rupture_id: int, at: str, actor_id: int, kind: str, payload: str) -> str:
    """SHA-256 over the previous hash and the event's stored columns, in a fixed, unambiguous form."""
    content = json.dumps([prev_hash or "", rupture_id, at, actor_id, kind, payload], ensure_ascii=False)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()
