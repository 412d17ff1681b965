"""The chronology page's query count, locked, and flat however many entries there are."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lantern.chronology import services

from .conftest import csv_file

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 300])
def test_chronology_page_query_count_is_locked(
    client, cast, agencies, rows, django_assert_num_queries
):
    for agency in (agencies.police, agencies.health):
        data = csv_file(*[f"01/03/2026,,,,Event {n} by {agency},," for n in range(rows)])
        services.chronology_import(
            case=cast.case, agency=agency, user=None, file=SimpleUploadedFile("c.csv", data)
        )
    client.force_login(cast.business_manager)
    url = reverse("chronology:chronology", args=[cast.case.reference])
    # 1 session, 2 user, 3 two-factor device, 4 partnership (header),
    # 5 case with partnership and subject, 6 roles, 7 the audit chain's head taken and
    # 8 read of the case logged (issue 12, item 4), 9 every entry with its agency,
    # 10 agencies the person may upload for, 11 the latest uploads with their agencies
    # and uploaders, 12-14 session saved (savepoint, update, release)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
