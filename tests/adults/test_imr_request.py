"""Found on a walk, on the IMR request: "Agencies in scope" did not match the agencies the
review asked; the error read "Enter iMR due."; and the instructions asked for a manager
independent of the case to write the IMR while nothing said where to record who did.

Rules: the terms of reference name the agencies asked for scoping as those in scope; the
IMR instructions say which agencies were asked for an IMR and where the author is
recorded (the SAR page's "Record the author"); the due date's message reads properly."""

import pytest
from django.urls import reverse

from lantern.adults import review
from lantern.adults.forms import ImrSendForm
from lantern.agencyrequests.models import AgencyRequest
from lantern.partnerships.models import Agency

from .conftest import imrs_requested, make_member

pytestmark = pytest.mark.django_db


def test_found_on_a_walk_the_imr_due_message_is_not_mis_capitalised(partnership, agencies):
    form = ImrSendForm(
        {"agencies": [agencies["Council"].pk]},
        agencies=Agency.objects.filter(partnership=partnership),
    )
    assert not form.is_valid()
    assert form.errors["due"] == ["Enter the date the IMRs are due."]


def test_found_on_a_walk_agencies_in_scope_are_those_asked_for_scoping(agreed, agencies):
    # Scoping went to the referrer's agency (Care Home) and the involved Council and
    # Police; an agency added as involved afterwards was never asked, so is not in scope.
    asked = set(
        AgencyRequest.objects.filter(case=agreed.case, kind="scoping").values_list(
            "agency__name", flat=True
        )
    )
    assert asked == {"Care Home", "Council", "Police"}
    agreed.involved_agencies.add(agencies["ICB"])
    sar = review.sar_commission(referral=agreed, on=agreed.received_on)
    assert sar.terms_of_reference.startswith("Agencies in scope: Care Home, Council, Police.\n")


def test_found_on_a_walk_imr_instructions_name_who_was_asked_and_where_the_author_goes(
    client, sar, manager
):
    imrs_requested(sar)
    imr = AgencyRequest.objects.get(case=sar.case, kind="imr")
    assert imr.instructions.startswith("Asked for an IMR: Care Home.\n")
    assert "on the SAR's page, under IMR authors, choose Record the author" in imr.instructions
    # That page exists and is where the SAR page links each IMR's author.
    make_member(sar.case, manager)
    client.force_login(manager)
    page = client.get(reverse("adults:case", args=[sar.case.reference])).content.decode()
    assert "IMR authors" in page
    assert reverse("adults:imr_author", args=[sar.case.reference, imr.pk]) in page
