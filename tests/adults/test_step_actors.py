"""Rule (issue 11: every step has an owner and a place on their list): whoever a step's
declaration names as its actor can do it from the link on their My work. The Independent
Chair, offered "Sign off the SAR report for the SAB", got "You can read this case but not
change it" (found on a walk); people who are neither its actors nor run the case still
may not."""

import pytest
import time_machine
from django.urls import reverse

from lantern.work.selectors import work_for
from tests.factories import UserFactory

from .conftest import TODAY, answer_imrs, draft_upload, imrs_requested

pytestmark = pytest.mark.django_db
SIGN_OFF = "Sign off the SAR report for the SAB"


@pytest.fixture
def committee_done(sar, manager):
    from lantern.adults import review

    with time_machine.travel(TODAY, tick=False):
        imrs_requested(sar)
        answer_imrs(sar)
        draft_upload(sar, manager)
        for step_id in ("draft-report", "sar-committee"):
            review.sar_step_done(sar=sar, step_id=step_id, on=TODAY)
    return sar


def test_the_chair_signs_off_from_the_link_on_their_my_work(client, committee_done, chair):
    sar = committee_done
    with time_machine.travel(TODAY, tick=False):
        [item] = [i for i in work_for(chair) if i.title == SIGN_OFF]
        client.force_login(chair)
        assert client.get(item.url).status_code == 200
        day = {"on_0": TODAY.day, "on_1": TODAY.month, "on_2": TODAY.year}
        response = client.post(item.url, {**day, "publication": "summary"})
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.signed_off_on == TODAY
    with time_machine.travel(TODAY, tick=False):
        assert SIGN_OFF not in [i.title for i in work_for(chair)]


def test_someone_neither_its_actor_nor_running_the_case_may_not(client, committee_done):
    sar = committee_done
    url = reverse("adults:action", args=[sar.case.reference, "signoff"])
    client.force_login(UserFactory(partnership=sar.case.partnership))
    assert client.get(url).status_code == 404  # not on the case: not even told it exists


def test_the_chair_may_not_do_the_managers_steps(client, committee_done, chair):
    sar = committee_done
    url = reverse("adults:action", args=[sar.case.reference, "family-shared"])
    client.force_login(chair)
    response = client.get(url)
    assert response.status_code == 403  # the Chair reads every case, but this is not theirs
