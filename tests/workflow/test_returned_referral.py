"""A returned referral waits for its referrer: the case page says "Returned to you:
correct and resend", not the next step of a timetable that is not theirs."""

from django.urls import reverse

from lantern.adults import services


def test_the_referrer_of_a_returned_referral_is_told_to_correct_and_resend(
    client, submitted, referrer, manager
):
    services.referral_return(referral=submitted, reason="Say who authorised it.")
    client.force_login(referrer)
    body = client.get(reverse("adults:case", args=[submitted.case.reference])).content.decode()
    assert "Returned to you: correct and resend" in body
    assert reverse("adults:correct", args=[submitted.case.reference]) in body
    assert "Timetable" not in body and "Due soon" not in body

    client.force_login(manager)
    body = client.get(reverse("adults:case", args=[submitted.case.reference])).content.decode()
    assert "Returned to you" not in body
    assert "waits for the referrer to correct it" in body
