"""Factories for meetings, shared with the documents tests."""

import datetime

import factory

from lantern.meetings.models import Attendance, Meeting, MeetingKind
from lantern.partnerships.models import Agency, AgencyKind, StatutoryPartner
from tests.factories import CaseFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    case = factory.SubFactory(CaseFactory)
    kind = MeetingKind.RAPID_REVIEW
    title = "Rapid review meeting"
    date = datetime.date(2026, 3, 10)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Attendee {n}")
    attended = True


def statutory_agencies(partnership) -> dict[str, object]:
    """The partnership's three statutory safeguarding partners, by StatutoryPartner value."""
    kinds = {
        StatutoryPartner.LOCAL_AUTHORITY: AgencyKind.LOCAL_AUTHORITY,
        StatutoryPartner.ICB: AgencyKind.ICB,
        StatutoryPartner.POLICE: AgencyKind.POLICE,
    }
    return {
        partner: Agency.objects.get_or_create(
            partnership=partnership,
            statutory_partner=partner,
            defaults={"name": partner.label, "kind": kind},
        )[0]
        for partner, kind in kinds.items()
    }


def make_quorate(meeting, *, skip: tuple[str, ...] = ()) -> dict[str, object]:
    """Someone attends from each statutory partner except those in `skip`."""
    agencies = statutory_agencies(meeting.case.partnership)
    for partner, agency in agencies.items():
        if partner not in skip:
            AttendanceFactory(meeting=meeting, agency=agency)
    return agencies
