"""Signing in through the test provider with Django's test client: the browser's part at
the provider is played by requests, Lantern's by the client."""

from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from django.test import Client
from django.urls import reverse

from lantern.sso.models import IdentityProvider
from tests.sso.provider.fixture import DOMAIN, PROVIDER_PASSWORD, Provider


def register(provider: Provider, partnership, **fields) -> IdentityProvider:
    values = {
        "name": "Agency ID",
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret_file": str(provider.secret_file),
        "email_domains": DOMAIN,
        **fields,
    }
    return IdentityProvider.objects.create(partnership=partnership, **values)


def at_provider(authorize_url: str, username: str) -> str:
    """Signs in at the provider and returns where it sends the browser back to."""
    base = "{0.scheme}://{0.netloc}".format(urlsplit(authorize_url))
    session = requests.Session()
    response = session.get(authorize_url, allow_redirects=False, timeout=10)
    login_url = urljoin(base, response.headers["Location"])
    assert session.get(login_url, timeout=10).status_code == 200
    response = session.post(
        login_url,
        data={
            "username": username,
            "password": PROVIDER_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["provider_csrftoken"],
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    response = session.get(
        urljoin(base, response.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert response.status_code == 302, response.text[:500]
    return str(response.headers["Location"])


def sign_in_through(client: Client, row: IdentityProvider, username: str):
    """Lantern's answer to the provider's return, for the person `username` at it."""
    start = client.get(reverse("sso:begin", args=[row.pk]))
    assert start.status_code == 302, start.content[:500]
    back = urlsplit(at_provider(start["Location"], username))
    assert back.netloc == "testserver"
    return client.get(f"{back.path}?{back.query}", REMOTE_ADDR="192.0.2.7")
