"""The id_token's claims Lantern checks itself, beyond Authlib's checks: the audience
must be Lantern's client id, and an odd acr or amr is never taken for multi-factor."""

import pytest

from lantern.sso import services
from lantern.sso.models import IdentityProvider


def _provider(**fields):
    return IdentityProvider(
        name="Test provider", client_id="lantern-client", trusted_acr_values="urn:mfa", **fields
    )


@pytest.mark.parametrize(
    ("claims", "checked"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": "mfa"}, True),
        ({"acr": "urn:mfa"}, True),
        ({"acr": ["urn:mfa"]}, False),  # a list: not a trusted value, and no server error
        ({"amr": {"mfa": True}}, False),
        ({"acr": "urn:other"}, False),
        ({}, False),
    ],
)
def test_rule_only_the_providers_own_mfa_claim_meets_the_two_factor_rule(claims, checked):
    assert services.provider_checked_mfa(_provider(), claims) is checked


class _Client:
    def __init__(self, claims):
        self.claims = claims

    def authorize_access_token(self, request):
        return {"userinfo": self.claims}


@pytest.mark.parametrize(
    ("audience", "accepted"),
    [
        ("lantern-client", True),
        (["other", "lantern-client"], True),
        (["other"], False),
        ("", False),
    ],
)
def test_rule_an_id_token_meant_for_another_service_is_refused(monkeypatch, audience, accepted):
    claims = {"aud": audience, "azp": "lantern-client", "email": "a@example.org"}
    monkeypatch.setattr(services, "oidc_client", lambda provider: _Client(claims))
    if accepted:
        assert services.claims_from_callback(None, _provider())["email"] == "a@example.org"
    else:
        with pytest.raises(services.SignInRefused, match="another service"):
            services.claims_from_callback(None, _provider())


def test_rule_a_client_secret_is_read_only_from_the_secrets_folder(settings, tmp_path):
    """An administrator cannot have Lantern send any other file on the server (its secret
    key, a database password) to an address they typed as the provider's."""
    from django.core.exceptions import ValidationError

    settings.SSO_SECRETS_DIR = tmp_path / "sso"
    (tmp_path / "sso").mkdir()
    inside, outside = tmp_path / "sso" / "agency", tmp_path / "lantern.env"
    inside.write_text("s3cret\n")
    outside.write_text("LANTERN_SECRET_KEY=not-for-you\n")
    assert services.secret_path_problem(str(inside)) == ""
    sneaky = str(tmp_path / "sso" / ".." / "lantern.env")
    for name in (str(outside), sneaky, "/etc/passwd"):
        assert "must be in" in services.secret_path_problem(name)
        with pytest.raises(ValidationError):
            _provider(client_secret_file=name).clean()
        with pytest.raises(services.ProviderUnavailable):
            services._client_secret(_provider(client_secret_file=name))
    assert services._client_secret(_provider(client_secret_file=str(inside))) == "s3cret"
