"""A rapid review built through the children's services, for tests that start mid-way."""

import datetime

import time_machine

from lantern.children import outcome, services

D = datetime.date


def rapid_review_with_scoping_sent(referrer, manager, agencies):
    """Referred by the school on 2 November 2026 (the police and the council involved),
    accepted, the National Panel told and scoping sent on 3 November."""
    with time_machine.travel(D(2026, 11, 2), tick=False):
        review = services.referral_submit(
            user=referrer,
            data={
                "referring_agency": agencies["School"], "authorised_by": "Pat Lead",
                "authorised_on": D(2026, 11, 2), "child_name": "Jamie Example",
                "date_of_birth": D(2019, 6, 4), "address": "1 Example Street",
                "looked_after": False, "incident_on": D(2026, 11, 1),
                "harm": "serious_harm", "abuse_or_neglect": "suspected",
                "what_happened": "Unexplained injuries.",
                "involved_agencies": [agencies["Police"], agencies["Council"]],
            },
        )  # fmt: skip
    with time_machine.travel(D(2026, 11, 3), tick=False):
        services.referral_accept(review=review)
        services.panel_notified(review=review, user=manager, on=D(2026, 11, 3))
        outcome.scoping_send(review=review)
    return review
