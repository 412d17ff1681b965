"""Found on a walk: "SAR Panel chair who screened it with you" listed all 27 people of the
partnership, the auditor and the care home's representative among them.

Rule: the choice offers only the chair(s) and members of the partnership's SAR Panel
(Role.GROUP_CHAIR / GROUP_MEMBER of its SAR Panel group), and says plainly when there
are none."""

import pytest

from lantern.accounts.models import Role
from lantern.adults.forms import ScreenForm
from lantern.partnerships.models import GroupKind
from tests.factories import GroupFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _offered(form):
    return [label for value, label in form.fields["panel_chair"].choices if value]


def test_found_on_a_walk_only_the_sar_panel_is_offered_as_screening_chair(partnership):
    panel = GroupFactory(partnership=partnership, kind=GroupKind.SAR_PANEL, name="SAR Panel")
    qap = GroupFactory(partnership=partnership, kind=GroupKind.QAP, name="QAP")
    UserFactory(partnership=partnership, full_name="Ada Chair",
                roles=[(Role.GROUP_CHAIR, panel)])  # fmt: skip
    UserFactory(partnership=partnership, full_name="Ben Member",
                roles=[(Role.GROUP_MEMBER, panel)])  # fmt: skip
    UserFactory(partnership=partnership, full_name="Cy Other Chair",
                roles=[(Role.GROUP_CHAIR, qap)])  # fmt: skip
    UserFactory(partnership=partnership, full_name="Dee Auditor", roles=[Role.AUDITOR])
    UserFactory(partnership=partnership, full_name="Eve Gone", is_active=False,
                roles=[(Role.GROUP_CHAIR, panel)])  # fmt: skip
    elsewhere = PartnershipFactory()
    other_panel = GroupFactory(partnership=elsewhere, kind=GroupKind.SAR_PANEL, name="SAR Panel")
    UserFactory(partnership=elsewhere, full_name="Fay Elsewhere",
                roles=[(Role.GROUP_CHAIR, other_panel)])  # fmt: skip

    form = ScreenForm(partnership=partnership)
    assert _offered(form) == ["Ada Chair (SAR Panel chair)", "Ben Member (SAR Panel member)"]
    assert not form.nobody


def test_found_on_a_walk_no_sar_panel_people_is_said_plainly(partnership, manager):
    # The partnership has safeguarding leads, a Business Manager, but nobody on the panel.
    form = ScreenForm({"on_0": "2", "on_1": "3", "on_2": "2026"}, partnership=partnership)
    assert _offered(form) == []
    assert form.nobody
    assert not form.is_valid()
    assert "Nobody is recorded as chair or member of the SAR Panel" in " ".join(
        form.errors["panel_chair"]
    )
