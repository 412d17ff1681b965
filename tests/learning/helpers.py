"""Building library items for the learning tests."""

import json
from typing import Any

from lantern.learning.services import library_item_upsert


def item(partnership: Any, ref: str, text: str, **fields: Any):
    """A published item (kind "sar" unless given), through the one service that writes."""
    fields.setdefault("kind", "sar")
    fields.setdefault("title", ref)
    return library_item_upsert(partnership=partnership, ref=ref, text=text, **fields)


def jsonl(*objects: Any) -> str:
    """JSON Lines from objects; a str is written as the line it is."""
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objects)


def line(ref: str, **fields: Any) -> dict[str, Any]:
    """A valid import line; fields override."""
    return {
        "ref": ref,
        "title": f"Review {ref}",
        "kind": "sar",
        "url": f"https://example.org/{ref}",
        "text": f"The learning of {ref}.",
        **fields,
    }
