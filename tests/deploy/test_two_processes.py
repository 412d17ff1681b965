"""Issue 13, several machines: two gunicorn app processes and a task worker share one
PostgreSQL database and one Redis, and keep nothing of their own.

A person signs in through process A, carries on through process B with the same session
cookie, and asks B for a password-reset e-mail, which the worker sends (to files, so this
test can read them). Everything goes over real HTTP; the data is committed (a
transactional test, emptied afterwards).
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.deploy, pytest.mark.django_db(transaction=True)]
REDIS_URL = "redis://127.0.0.1:6379/0"
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    """The test database this test's data was committed to, as the processes' DATABASE_URL."""
    db = connection.settings_dict
    host = quote(db["HOST"] or "127.0.0.1", safe="")
    user = quote(db["USER"] or "postgres", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="lantern.settings",
        DATABASE_URL=_database_url(),
        LANTERN_REDIS_URL=REDIS_URL,
        LANTERN_SECRET_KEY="two-processes-share-this-secret-key-0123456789",
        LANTERN_ALLOWED_HOSTS="127.0.0.1",
        LANTERN_HTTPS="false",
        LANTERN_DATA_DIR=str(data),
        LANTERN_TASKS="database",
        LANTERN_EMAIL="file",
        LANTERN_EMAIL_FILE_PATH=str(data / "mail"),
        LANTERN_WEB_WORKERS="1",
        LANTERN_LOG_LEVEL="WARNING",
    )
    return env


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "lantern", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so the finally ends it all
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _wait_ready(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{base} exited:\n{log.read_text()}")
        try:
            if requests.get(f"{base}/health/ready/", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} was not ready in {STARTUP_SECONDS} s:\n{log.read_text()}")


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.text[:500]
    return page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]


def _wait_for_mail(folder: Path, seconds: float = 30) -> list[str]:
    """The messages the file backend has finished writing.

    The backend creates its file before it writes the message, and ends each message with a
    line of 79 dashes, so a file is read only once that line is in it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = sorted(folder.glob("*.log")) if folder.is_dir() else []
        written = [path.read_text() for path in found]
        if written and all("-" * 79 in text for text in written):
            return written
        time.sleep(0.2)
    return []


def test_issue_13_sign_in_on_one_process_carry_on_through_another_and_the_worker_mails(
    tmp_path,
):
    person = UserFactory(email="two.machines@example.org", full_name="Tamsin Two-Machines")
    # The app processes use production's password hashers, not the test suite's fast one.
    person.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoprocessessalt")
    person.save(update_fields=["password"])
    env = _environment(tmp_path)
    ports = [_free_port(), _free_port()]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    processes = []
    try:
        for name, port in zip("ab", ports, strict=True):
            serve_env = {**env, "LANTERN_BIND": f"127.0.0.1:{port}"}
            processes.append(_start(["serve"], serve_env, tmp_path / f"{name}.log"))
        worker = _start(["worker", "--interval", "0.2"], env, tmp_path / "worker.log")
        processes.append(worker)
        _wait_ready(a, processes[0], tmp_path / "a.log")
        _wait_ready(b, processes[1], tmp_path / "b.log")

        # Signed in through A …
        browser = requests.Session()
        token = _csrf(browser, f"{a}/account/sign-in/")
        signed_in = browser.post(
            f"{a}/account/sign-in/",
            data={"username": person.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{a}/account/sign-in/"},
            allow_redirects=False,
            timeout=10,
        )
        assert signed_in.status_code == 302, signed_in.text[:2000]
        assert "sessionid" in browser.cookies

        # … and still signed in through B: the session is shared, not the process's.
        # (The cookies are for 127.0.0.1 whatever the port, as a browser's would be.)
        page = browser.get(f"{b}/", allow_redirects=False, timeout=10)
        assert page.status_code == 200, page.headers.get("Location")
        assert "Tamsin Two-Machines" in page.text
        stranger = requests.get(f"{b}/", allow_redirects=False, timeout=10)
        assert stranger.status_code == 302 and "/account/sign-in/" in stranger.headers["Location"]

        # A password reset asked for through B is queued, and the worker sends it.
        token = _csrf(browser, f"{b}/account/password/reset/")
        asked = browser.post(
            f"{b}/account/password/reset/",
            data={"email": person.email, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{b}/account/password/reset/"},
            allow_redirects=False,
            timeout=10,
        )
        assert asked.status_code == 302, asked.text[:2000]
        sent = _wait_for_mail(tmp_path / "mail")
        assert sent, (tmp_path / "worker.log").read_text()
        message = sent[0]
        assert "To: two.machines@example.org" in message
        assert "/account/password/reset/" in message

        ready = requests.get(f"{a}/health/ready/", timeout=10).json()
        assert ready["checks"]["queue"]["ready"] == 0  # the worker took it
    finally:
        for process in processes:
            _stop(process)
