"""`oidc_provider`: a real OpenID Connect provider (tests/sso/provider) in a subprocess on
a free port, once per test session, with the people the SSO tests sign in as."""

import json
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
PROVIDER_PASSWORD = "provider-password"
DOMAIN = "agency.example"

#: Who the provider knows. Lantern's tests decide which of them Lantern has invited.
PEOPLE = [
    {"username": "invited", "email": f"invited@{DOMAIN}"},
    {"username": "mfa", "email": f"mfa@{DOMAIN}", "mfa": True},
    {"username": "stranger", "email": f"stranger@{DOMAIN}"},
    {"username": "elsewhere", "email": "invited@elsewhere.example"},
    {"username": "expired", "email": f"expired@{DOMAIN}", "fault": "expired"},
    {
        "username": "tampered",
        "email": f"tampered@{DOMAIN}",
        "fault": "tampered",
        "tampered_email": f"invited@{DOMAIN}",
    },
]


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    secret_file: Path
    base_url: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    data_dir = tmp_path_factory.mktemp("oidc-provider")
    secret = secrets.token_urlsafe(32)
    client_id = "lantern-tests"
    people = [{**person, "password": PROVIDER_PASSWORD} for person in PEOPLE]
    (data_dir / "people.json").write_text(json.dumps(people))
    (data_dir / "client.json").write_text(
        json.dumps({"client_id": client_id, "client_secret": secret})
    )
    # Where Lantern reads client secrets from (settings.SSO_SECRETS_DIR), and nowhere else.
    from django.conf import settings

    Path(settings.SSO_SECRETS_DIR).mkdir(parents=True, exist_ok=True)
    secret_file = Path(settings.SSO_SECRETS_DIR) / f"client_secret-{secrets.token_hex(4)}"
    secret_file.write_text(secret + "\n")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = (data_dir / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.provider.run", str(port), str(data_dir)],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"{base_url}/o/.well-known/openid-configuration", timeout=5)
                break
            except requests.RequestException:  # not up yet, or slow on a loaded machine
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"The test provider did not start: {data_dir / 'provider.log'}")
                time.sleep(0.1)
        yield Provider(f"{base_url}/o", client_id, secret_file, base_url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
