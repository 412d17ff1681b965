"""Chronology pages under the one policy: member, read-only member, outsider, stranger;
and an agency's representative, who answers for their own agency only."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lantern.audit.models import AuditEvent
from lantern.chronology import services
from lantern.chronology.models import ChronologyEntry

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def _url(cast, name, *args):
    return reverse(f"chronology:{name}", args=[cast.case.reference, *args])


def _add(cast, agency, event, day=1):
    return services.entry_add(
        case=cast.case, agency=agency, happened_on=datetime.date(2026, 3, day), event=event
    )


class TestChronologyPage:
    def test_member_sees_every_agency_with_flags(self, client, cast, agencies):
        _add(cast, agencies.police, "Child brought to A&E with a head injury")
        _add(cast, agencies.health, "Child brought to A&E with head injury by mother")
        client.force_login(cast.member)
        html = client.get(_url(cast, "chronology")).content.decode()
        assert "Demoshire Police" in html and "Demo Hospitals" in html
        assert html.count("Likely duplicate</strong>") == 2

    def test_read_only_member_reads_but_gets_no_upload_links(self, client, cast, agencies):
        _add(cast, agencies.police, "Home visit")
        client.force_login(cast.read_only_member)
        response = client.get(_url(cast, "chronology"))
        assert response.status_code == 200
        assert "Upload" not in response.content.decode()
        assert AuditEvent.objects.filter(action="read", actor=cast.read_only_member).exists()

    @pytest.mark.parametrize("who", ["outsider", "stranger"])
    def test_outsiders_get_404(self, client, cast, who):
        client.force_login(getattr(cast, who))
        assert client.get(_url(cast, "chronology")).status_code == 404
        assert client.get(_url(cast, "export", "xlsx")).status_code == 404

    def test_filters_by_agency_date_and_key_episode(self, client, cast, agencies):
        _add(cast, agencies.police, "Police early", day=1)
        key = _add(cast, agencies.health, "Health later", day=9)
        _add(cast, agencies.health, "Health early", day=2)
        services.entry_mark(entry=key, key_episode=True)
        client.force_login(cast.member)
        url = _url(cast, "chronology")

        def events(query):
            html = client.get(url, query).content.decode()
            return [e for e in ("Police early", "Health later", "Health early") if e in html]

        assert events({"agency": agencies.health.pk}) == ["Health later", "Health early"]
        assert events({"date_from": "2026-03-02", "date_to": "2026-03-05"}) == ["Health early"]
        # Typed back to front: the days between, not an empty page with no word why.
        assert events({"date_from": "2026-03-05", "date_to": "2026-03-02"}) == ["Health early"]
        assert events({"key": "on"}) == ["Health later"]
        assert events({"date_from": "2/3/2026", "date_to": "05/03/2026"}) == ["Health early"]

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("nonsense", "Enter the ‘from’ date as a real date, like 27/03/2026."),
            ("31/02/2026", "Enter the ‘from’ date as a real date, like 27/03/2026."),
            ("2026-13-01", "Enter the ‘from’ date as a real date, like 27/03/2026."),
            (
                "01/01/1066",
                "The ‘from’ date must be between 1 January 1900 and 31 December 2100.",
            ),
        ],
    )
    def test_a_date_that_is_not_real_is_an_error_and_shows_no_entries_issue_13(
        self, client, cast, agencies, typed, message
    ):
        """Issue 13 walk: a bad date in the filter was silently ignored, so the whole
        chronology showed as if filtered. Now: the GOV.UK error summary and the field's
        own message, what was typed kept, and no entries, count or download of them."""
        _add(cast, agencies.police, "Police early", day=1)
        client.force_login(cast.member)
        response = client.get(
            _url(cast, "chronology"), {"date_from": typed, "agency": agencies.police.pk}
        )
        assert response.status_code == 200
        html = response.content.decode().replace("&#x27;", "'")
        assert "<title>Error: Multi-agency chronology" in html
        summary = html[html.index('class="govuk-error-summary"') :]
        assert f'<a href="#date_from">{message}</a>' in summary
        assert 'id="date_from-error" class="govuk-error-message"' in html
        assert "govuk-form-group--error" in html and "govuk-input--error" in html
        assert f'value="{typed}"' in html
        assert "Police early" not in html
        assert "match these filters" not in html and "Download as" not in html
        assert "Correct the date in the filters to see the entries." in html
        # The download of the same filters is not the whole chronology either.
        export = client.get(_url(cast, "export", "xlsx"), {"date_from": typed})
        assert export.status_code == 302
        assert export["Location"].startswith(_url(cast, "chronology") + "?date_from=")

    def test_each_bad_date_names_its_own_box_issue_13(self, client, cast, agencies):
        client.force_login(cast.member)
        html = client.get(
            _url(cast, "chronology"), {"date_from": "1/1/2026", "date_to": "yesterday"}
        ).content.decode()
        assert 'href="#date_to">Enter the ‘to’ date as a real date' in html
        assert 'id="date_from-error"' not in html


class TestUpload:
    def test_representative_uploads_own_agency(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        data = csv_file("01/03/2026,,,,Called to the home,,")
        response = client.post(
            _url(cast, "upload", agencies.police.pk), {"file": SimpleUploadedFile("p.csv", data)}
        )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "1 entry imported" in page
        assert ChronologyEntry.objects.get().event == "Called to the home"

    def test_errors_are_listed_in_an_error_summary(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        data = csv_file("31/02/2026,,,,Called,,")
        response = client.post(
            _url(cast, "upload", agencies.police.pk),
            {"file": SimpleUploadedFile("p.csv", data)},
            follow=True,
        )
        html = response.content.decode()
        assert "govuk-error-summary" in html
        assert "Row 2, column &#x27;Date&#x27;: &#x27;31/02/2026&#x27; is not a real date" in html
        assert not ChronologyEntry.objects.exists()

    def test_no_file_is_an_error_on_the_form(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        response = client.post(_url(cast, "upload", agencies.police.pk), {})
        assert response.status_code == 200
        assert "Select a CSV or XLSX file." in response.content.decode()

    def test_representative_cannot_upload_for_another_agency(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        assert client.get(_url(cast, "upload", agencies.health.pk)).status_code == 403

    def test_member_who_manages_may_upload_for_any_agency(self, client, cast, agencies):
        client.force_login(cast.member)
        assert client.get(_url(cast, "upload", agencies.health.pk)).status_code == 200

    def test_read_only_member_gets_403(self, client, cast, agencies):
        client.force_login(cast.read_only_member)
        assert client.get(_url(cast, "upload", agencies.police.pk)).status_code == 403

    @pytest.mark.parametrize("who", ["outsider", "stranger"])
    def test_outsiders_get_404(self, client, cast, agencies, who):
        client.force_login(getattr(cast, who))
        assert client.get(_url(cast, "upload", agencies.police.pk)).status_code == 404

    def test_template_downloads(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        query = {"agency": agencies.police.pk}
        csv = client.get(_url(cast, "template", "csv"), query)
        assert csv["Content-Disposition"] == 'attachment; filename="chronology-template.csv"'
        assert b"Date,Time,Agency" in csv.content
        xlsx = client.get(_url(cast, "template", "xlsx"), query)
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet["C2"].value == "Demoshire Police"

    def test_another_agencys_import_page_is_refused(self, client, cast, agencies):
        data = SimpleUploadedFile("h.csv", csv_file("01/03/2026,,,,Seen,,"))
        batch = services.chronology_import(
            case=cast.case, agency=agencies.health, user=cast.member, file=data
        )
        client.force_login(agencies.police_rep)
        assert client.get(_url(cast, "import", batch.pk)).status_code == 403


class TestEntries:
    def test_representative_adds_changes_and_removes_own_entry(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        form = {
            "happened_on_0": "1",
            "happened_on_1": "3",
            "happened_on_2": "2026",
            "happened_at": "14:30",
            "event": "Called to the home",
        }
        assert client.post(_url(cast, "entry_add", agencies.police.pk), form).status_code == 302
        entry = ChronologyEntry.objects.get()
        assert entry.happened_at == datetime.time(14, 30)
        edit = client.post(_url(cast, "entry_edit", entry.pk), {**form, "event": "Changed"})
        assert edit.status_code == 302
        entry.refresh_from_db()
        assert entry.event == "Changed"
        assert client.post(_url(cast, "entry_delete", entry.pk)).status_code == 302
        assert not ChronologyEntry.objects.exists()

    def test_missing_event_is_shown_on_the_form(self, client, cast, agencies):
        client.force_login(agencies.police_rep)
        form = {"happened_on_0": "1", "happened_on_1": "3", "happened_on_2": "2026"}
        response = client.post(_url(cast, "entry_add", agencies.police.pk), form)
        assert "Enter what happened." in response.content.decode()

    def test_representative_cannot_change_another_agencys_entry(self, client, cast, agencies):
        entry = _add(cast, agencies.health, "Seen in clinic")
        client.force_login(agencies.police_rep)
        assert client.get(_url(cast, "entry_edit", entry.pk)).status_code == 403
        assert client.post(_url(cast, "entry_delete", entry.pk)).status_code == 403

    def test_lead_marks_a_key_episode_and_representative_may_not(self, client, cast, agencies):
        entry = _add(cast, agencies.health, "Seen in clinic")
        client.force_login(agencies.police_rep)
        url = _url(cast, "entry_key", entry.pk)
        assert client.post(url, {"key_episode": "yes"}).status_code == 403
        client.force_login(cast.member)
        assert client.post(url, {"key_episode": "yes"}).status_code == 302
        entry.refresh_from_db()
        assert entry.key_episode

    def test_read_only_member_and_outsiders(self, client, cast, agencies):
        entry = _add(cast, agencies.health, "Seen in clinic")
        client.force_login(cast.read_only_member)
        assert client.post(_url(cast, "entry_key", entry.pk), {}).status_code == 403
        for who in (cast.outsider, cast.stranger):
            client.force_login(who)
            assert client.get(_url(cast, "entry_edit", entry.pk)).status_code == 404


class TestExport:
    def test_docx_carries_the_cases_marking(self, client, cast, agencies):
        from docx import Document

        _add(cast, agencies.police, "Called to the home")
        client.force_login(cast.read_only_member)
        response = client.get(_url(cast, "export", "docx"))
        assert response["Content-Disposition"].endswith('-chronology.docx"')
        document = Document(io.BytesIO(response.content))
        assert document.sections[0].header.paragraphs[0].text == "STRICTLY CONFIDENTIAL"
        assert "Called to the home" in "\n".join(p.text for p in document.paragraphs)

    def test_xlsx_follows_the_filters_and_defuses_formulas(self, client, cast, agencies):
        _add(cast, agencies.police, "=HYPERLINK(1)")
        _add(cast, agencies.health, "Seen in clinic")
        client.force_login(cast.member)
        response = client.get(_url(cast, "export", "xlsx"), {"agency": agencies.police.pk})
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert rows[0][0].startswith("STRICTLY CONFIDENTIAL")
        assert [r[4] for r in rows[2:]] == ["'=HYPERLINK(1)"]
