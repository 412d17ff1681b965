"""Helpers for the conflict tests (issue 12, item 12): what an edit page hands its reader."""

import html
import re


def shown_copy(client, url: str) -> dict[str, str]:
    """The hidden version and fingerprint an edit page renders, as a browser would post
    them back: each reader's copy, taken before anyone saves."""
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page)
    seen = re.search(r'name="seen" value="([^"]*)"', page)
    assert version and seen, "the edit form carries its version and fingerprint"
    return {"version": version.group(1), "seen": html.unescape(seen.group(1))}
