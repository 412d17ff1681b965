"""The chronology page's query count, locked, and flat however many entries there are:
one page of entries with their stored flags, counted by the database (issue 13)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lantern.chronology import services
from lantern.chronology.views import PAGE_SIZE

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def _session(sql: str) -> bool:
    return "django_session" in sql or sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))


def day(n: int) -> datetime.date:
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=n)


@pytest.mark.parametrize("entries", [10, 1000])
def test_chronology_page_query_count_is_the_same_for_10_and_1000_entries_issue_13(
    client, cast, agencies, entries
):
    for agency in (agencies.police, agencies.health):
        rows = [f"{day(n):%d/%m/%Y},,,,Home visit {n} seen together,," for n in range(entries // 2)]
        services.chronology_import(
            case=cast.case,
            agency=agency,
            user=None,
            file=SimpleUploadedFile("c.csv", csv_file(*rows)),
        )
    client.force_login(cast.business_manager)
    url = reverse("chronology:chronology", args=[cast.case.reference])
    # 1 user, 2 two-factor device, 3 partnership (header), 4 case with partnership and
    # subject, 5 roles, 6 the audit chain's head taken and 7 read of the case logged
    # (issue 12, item 4), 8 entries counted by agency, 9 those agencies' names, 10 flagged
    # entries counted by kind, 11 the filtered entries counted by day (the total, and
    # the days a page spans), 12 agencies the person may
    # upload for, 13 one page of entries with their agencies, 14 that page's flags, 15 the
    # latest uploads with their agencies and uploaders. The session's queries (read, and
    # saved when it is renewed: lantern.ops.sessions) are not the page's doing: not counted.
    with CaptureQueriesContext(connection) as queries:
        # A deep page of the flagged: no more queries than the first (issue 13).
        response = client.get(url, {"flagged": "on", "page": "4"} if entries > 10 else {})
    assert response.status_code == 200
    pages = [q["sql"] for q in queries.captured_queries if not _session(q["sql"])]
    assert len(pages) == 15, "\n\n".join(pages)
    html = response.content.decode()
    assert f"{entries} entries from 2 agencies" in html
    assert html.count("Likely duplicate</strong>") == min(entries, PAGE_SIZE)  # each one flagged
