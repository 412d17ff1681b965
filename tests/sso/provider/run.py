"""Runs the test identity provider: `python -m tests.sso.provider.run PORT DIR`. DIR holds
people.json and client.json (written by the fixture); the RSA key is made here, fresh."""

import json
import os
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def main() -> None:
    port, data_dir = sys.argv[1], Path(sys.argv[2])
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.sso.provider.settings",
        PROVIDER_PORT=port,
        PROVIDER_DIR=str(data_dir),
        PROVIDER_RSA_KEY=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    )
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    for person in json.loads((data_dir / "people.json").read_text()):
        User.objects.create_user(person["username"], person["email"], person["password"])
    client = json.loads((data_dir / "client.json").read_text())
    Application.objects.create(
        name="Lantern",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris="http://testserver/account/sso/",
        post_logout_redirect_uris="http://testserver/account/sign-in/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    run("127.0.0.1", int(port), get_wsgi_application(), threading=True)


if __name__ == "__main__":
    main()
