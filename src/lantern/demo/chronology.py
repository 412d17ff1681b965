"""A demo multi-agency chronology for one adult case: four agencies, one likely duplicate."""

import datetime

from lantern.cases.models import Case
from lantern.chronology.models import ChronologyEntry
from lantern.chronology.services import entry_add, entry_mark
from lantern.partnerships.models import Agency

_D = datetime.date
_T = datetime.time

#: (agency name, date, time, source record, event, action taken, practitioner role)
ENTRIES = [
    ("Demoshire Council Adult Social Care", _D(2025, 9, 3), None, "ASC-1182",
     "Safeguarding concern raised by a neighbour about self-neglect.",
     "Section 42 enquiry opened.", "Social worker"),
    ("Demoshire Police", _D(2025, 9, 14), _T(22, 40), "CAD 5531",
     "Welfare check at the home after a fall reported by a neighbour.",
     "Ambulance called.", "Police constable"),
    ("Demo Hospitals NHS Foundation Trust", _D(2025, 9, 14), _T(23, 30), "ED-77812",
     "Welfare check at the home after a fall reported by a neighbour; brought to ED.",
     "Admitted to a ward overnight.", "ED nurse"),
    ("Demoshire Integrated Care Board", _D(2025, 10, 2), _T(10, 0), "GP-2290",
     "GP review after discharge: declined a referral to the falls service.",
     "Letter sent to the GP practice.", "GP"),
    ("Demoshire Council Adult Social Care", _D(2025, 10, 20), None, "ASC-1240",
     "Section 42 enquiry closed: no further action.", "", "Team manager"),
]  # fmt: skip


def demo_chronology_load(case: Case) -> int:
    """Adds the demo entries to `case` unless it has a chronology already. Returns how many."""
    if ChronologyEntry.objects.filter(case=case).exists():
        return 0
    agencies = {a.name: a for a in Agency.objects.filter(partnership_id=case.partnership_id)}
    added = 0
    for name, day, at, record, event, action, role in ENTRIES:
        agency = agencies.get(name)
        if agency is None:
            continue
        entry = entry_add(
            case=case,
            agency=agency,
            happened_on=day,
            happened_at=at,
            source_record=record,
            event=event,
            action_taken=action,
            practitioner_role=role,
        )
        added += 1
        if record == "ASC-1182":
            entry_mark(entry=entry, key_episode=True)
    return added
