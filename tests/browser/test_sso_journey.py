"""Single sign-on in a real browser (issue 17): an invited person signs in through the
partnership's identity provider (a real OpenID Connect provider, tests/sso/provider, in
its own process) and reaches My work; signs out and is offered the provider's sign-out;
a colleague signs in with a password and reaches My work too. axe-core on every Lantern
page, and the sign-in page reflows at 320 px."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, PartnershipFactory, UserFactory
from tests.sso.helpers import register
from tests.sso.provider.fixture import DOMAIN, PROVIDER_PASSWORD, oidc_provider  # noqa: F401

from .helpers import assert_reflows

pytestmark = [
    pytest.mark.browser,
    pytest.mark.real_clock,
    pytest.mark.django_db(transaction=True),
]


def test_invited_person_signs_in_through_the_provider_and_a_colleague_with_a_password(
    page,
    axe,
    oidc_provider,  # noqa: F811
):
    partnership = PartnershipFactory()
    register(oidc_provider, partnership, name="Demoshire Police")
    UserFactory(email=f"invited@{DOMAIN}", partnership=partnership, full_name="Ada Invited")
    colleague = UserFactory(partnership=partnership)
    heading = page.get_by_role("heading", level=1)

    page.goto("/account/sign-in/")
    expect(heading).to_have_text("Sign in to Lantern")
    axe.check(page, "Sign-in page with a provider")
    assert_reflows(page, "Sign-in page with a provider")
    page.get_by_role("button", name="Sign in with Demoshire Police").click()

    # The provider's own sign-in page (not Lantern's: no axe check of it).
    page.get_by_label("User name").fill("invited")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()
    expect(heading).to_have_text("My work")
    axe.check(page, "My work, signed in through the provider")

    page.get_by_role("button", name="Sign out").click()
    expect(heading).to_have_text("You have signed out of Lantern")
    expect(page.get_by_role("button", name="Sign out of Demoshire Police")).to_be_visible()
    axe.check(page, "Signed out, offered the provider's sign-out")

    page.get_by_role("link", name="Sign in again").click()
    expect(heading).to_have_text("Sign in to Lantern")
    page.get_by_label("E-mail address").fill(colleague.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(heading).to_have_text("My work")
    axe.check(page, "My work, signed in with a password")
    axe.assert_no_violations()
