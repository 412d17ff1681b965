"""Where a case is worked on: the one page of its pathway. Lists that link to cases (My
work, the API's work items) call this rather than choosing a URL per pathway each."""

from typing import Any

from django.urls import reverse

#: Pathway → the URL name of the page the pathway's work is done on.
CASE_PAGES: dict[str, str] = {
    "rapid-review": "children:review",
    "cspr": "children:review",
    "sar": "adults:case",
    "dhr": "dhr:detail",
    "macfa": "audits:audit",
}


def case_url(case: Any) -> str:
    """The page of this case's pathway; the generic case page for any other pathway."""
    return reverse(CASE_PAGES.get(case.pathway, "cases:detail"), args=[case.reference])
