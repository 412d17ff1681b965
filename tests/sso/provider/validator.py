"""The provider's claims, and the faults a test asks of it for some people (people.json,
written by the fixture): a multi-factor claim, an expired token, a token changed after
it was signed."""

import base64
import json
import os
from pathlib import Path

from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator


def _person(username: str) -> dict:
    people = json.loads((Path(os.environ["PROVIDER_DIR"]) / "people.json").read_text())
    return next((p for p in people if p["username"] == username), {})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Validator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below, whatever the scopes asked

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        # Lantern's callback is /account/sso/<provider id>/callback/ on the test client's
        # host or the live server's (on any port).
        host = redirect_uri.split("/")[2].split(":")[0]
        return host in {"testserver", "localhost"} and "/account/sso/" in redirect_uri

    def get_additional_claims(self, request):
        person = _person(request.user.username)
        claims = {"email": person.get("email", request.user.username), "email_verified": True}
        if person.get("mfa"):
            claims["amr"] = ["pwd", "mfa"]
        else:
            claims["amr"] = ["pwd"]
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        if _person(request.user.username).get("fault") == "expired":
            an_hour_ago = int(timezone.now().timestamp()) - 3600
            claims.update(iat=an_hour_ago - 600, auth_time=an_hour_ago - 600, exp=an_hour_ago)
        return claims, expiration_time

    def finalize_id_token(self, id_token, token, token_handler, request):
        signed = super().finalize_id_token(id_token, token, token_handler, request)
        if _person(request.user.username).get("fault") != "tampered":
            return signed
        # Changed on the way: the e-mail now names someone else, the signature is the old.
        header, payload, signature = signed.split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["email"] = _person(request.user.username)["tampered_email"]
        return ".".join([header, _b64(json.dumps(claims).encode()), signature])
