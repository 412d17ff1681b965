"""Working Together 2023: the final report goes to the National Panel and the Secretary of
State at least 7 working days before publication; the kernel's gate refuses earlier."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lantern.children import cspr as cspr_services
from lantern.children.models import Cspr
from lantern.workflow.gates import step_problems

D = datetime.date


def test_rule_wt2023_publication_at_least_7_working_days_after_the_report_went_to_the_panel(
    cspr,
):
    with time_machine.travel(D(2026, 12, 3), tick=False):
        cspr_services.final_report_sent(cspr=cspr, on=D(2026, 12, 3))
        with pytest.raises(ValidationError) as refused:
            cspr_services.publish(cspr=cspr, on=D(2026, 12, 3), url="https://example.org/c")
    assert refused.value.messages == [
        "Working Together 2023: the final report goes to the National Panel and the Secretary "
        "of State at least 7 working days before publication — the earliest publication date "
        "is 14 December 2026."
    ]
    assert Cspr.objects.get(pk=cspr.pk).published_on is None
    with time_machine.travel(D(2026, 12, 14), tick=False):
        cspr_services.publish(cspr=cspr, on=D(2026, 12, 14), url="https://example.org/c")
    cspr.refresh_from_db()
    assert cspr.published_on == D(2026, 12, 14)
    assert cspr.case.stage == "publication"


def test_rule_publication_needs_the_report_sent_to_the_panel_first(cspr):
    problems = step_problems(cspr.case, "publication", on=D(2026, 12, 3))
    assert problems == [
        "Publish the final report comes after “Send the final report to the National Panel "
        "and the Secretary of State”: record that first."
    ]


def test_the_cspr_page_says_what_happens_next_and_what_still_stops_it(client, cspr, manager):
    from django.urls import reverse

    with time_machine.travel(D(2026, 12, 3), tick=False):
        cspr_services.final_report_sent(cspr=cspr, on=D(2026, 12, 3))
        client.force_login(manager)
        page = client.get(reverse("children:cspr", args=[cspr.case.reference])).content.decode()
    assert "What happens next" in page and "Publish the final report" in page
    assert "the earliest publication date is 14 December 2026" in page
