"""Reading a case's learning in search results is a read of the case (issue 14): a
snippet of a finding or recommendation shows its confidential text, so every search that
shows one logs it, once per case, naming the items shown. National and published items
have no case and are not confidential."""

from collections.abc import Iterable
from typing import Any

from lantern.audit.recorder import record_read
from lantern.cases.models import Case


def record_results_read(hits: Iterable[Any], *, where: str) -> int:
    """Logs a read of each case whose items `hits` (selectors.Hit) show; the events
    written."""
    refs: dict[int, list[str]] = {}
    for hit in hits:
        if hit.item.case_id is not None:
            refs.setdefault(hit.item.case_id, []).append(hit.item.ref)
    if not refs:
        return 0
    cases = Case.objects.in_bulk(list(refs))
    for case_id, shown in refs.items():
        record_read(cases[case_id], what=f"{where}: {', '.join(shown)}"[:500])
    return len(refs)
