"""After `make run`, the README's commands work as written and errors get Lantern's pages.

`make run` leaves behind a data directory (./var) with the database and lantern.env, and
nothing in the shell's environment. These tests build exactly that in a temporary
directory, with the Makefile's own target for lantern.env, and then run the `lantern`
command in a subprocess with no LANTERN_ variable set, as a person would.
"""

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKE = shutil.which("make") or "/usr/bin/make"
GIT = shutil.which("git") or "/usr/bin/git"
LANTERN = Path(sys.executable).with_name("lantern")
DEMO_EMAIL = "business.manager@example.org"

# Nothing here touches the test database (each subprocess has its own SQLite file), and
# these are make test's slowest tests: they run once, in its PostgreSQL run, which has
# the time to spare (README, make test).
pytestmark = pytest.mark.once_on_postgresql


def _shell_env() -> dict[str, str]:
    """The environment of a shell that ran `make run`: make's variables do not survive it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DATABASE_URL"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _run(cwd: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LANTERN), *args],
        cwd=cwd,
        env=_shell_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _write_local_env(data: Path) -> Path:
    made = subprocess.run(
        [MAKE, "-s", "-C", str(ROOT), f"DATA={data}", "local-env"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return data / "lantern.env"


def readme_commands() -> list[str]:
    """Every `.venv/bin/lantern …` line of the README's command block, as written."""
    text = (ROOT / "README.md").read_text()
    lines = re.findall(r"^\.venv/bin/lantern [^\n]*", text, flags=re.MULTILINE)
    return [line.split("#", 1)[0].strip() for line in lines]


def _as_run(command: str) -> list[str] | None:
    """The arguments to run for a README line: EMAIL is a demo account, `[--send]` is left
    out (the dry run, the default). createsuperuser asks questions at a terminal."""
    args = shlex.split(command.replace("[--send]", "").replace("EMAIL", DEMO_EMAIL))[1:]
    return None if args[0] == "createsuperuser" else args


def test_local_env_holds_a_development_secret_and_is_kept(tmp_path):
    """Rule: `make run` writes a secret of its own, readable only by its owner, once."""
    path = _write_local_env(tmp_path / "var")
    text = path.read_text()
    secret = re.search(r"^LANTERN_SECRET_KEY=(\S+)$", text, flags=re.MULTILINE)
    assert secret and len(secret.group(1)) >= 32
    assert "LANTERN_DEBUG" not in text  # production's settings, Lantern's error pages
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    _write_local_env(tmp_path / "var")
    assert path.read_text() == text  # a new key would sign everyone out


def test_the_file_is_git_ignored():
    ignored = subprocess.run(
        [GIT, "-C", str(ROOT), "check-ignore", "-q", "var/lantern.env"], check=False
    )
    assert ignored.returncode == 0


def test_a_variable_set_in_the_shell_wins_over_the_file(tmp_path):
    _write_local_env(tmp_path / "var")
    result = subprocess.run(
        [str(LANTERN), "shell", "-c", "from django.conf import settings; print(settings.HTTPS)"],
        cwd=tmp_path,
        env={**_shell_env(), "LANTERN_HTTPS": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_without_make_run_the_message_says_where_the_file_is_looked_for(tmp_path):
    result = _run(tmp_path, "check")
    assert result.returncode == 2
    assert "LANTERN_SECRET_KEY (or LANTERN_SECRET_KEY_FILE) must be set" in result.stderr
    assert "lantern.env" in result.stderr


@pytest.fixture(scope="module")
def after_make_run(tmp_path_factory) -> Path:
    """A directory as `make run` leaves it: var/lantern.env, migrated, static collected."""
    cwd = tmp_path_factory.mktemp("make-run")
    _write_local_env(cwd / "var")
    # The README's commands run from the checkout, whose files some of them read.
    (cwd / "src").symlink_to(ROOT / "src")
    for step in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        result = _run(cwd, *step)
        assert result.returncode == 0, result.stderr
    return cwd


def test_every_readme_command_works_in_the_same_shell(after_make_run):
    """Rule: every command the README shows works as written after `make run` (the demo
    first, as the README lists it, then api-token, timetable, the reminders' dry runs)."""
    commands = readme_commands()
    shapes = {shlex.split(c)[1] for c in commands}
    assert {"demo", "api-token", "timetable", "send-reminders"} <= shapes
    for command in commands:
        args = _as_run(command)
        if args is None:
            continue
        result = _run(after_make_run, *args)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert "must be set" not in result.stderr
        if args[0] == "api-token":
            assert len(result.stdout.strip()) >= 20
        if args[0] == "timetable":
            assert json.loads(result.stdout)["steps"]
        if args[0].startswith("send-"):
            assert "Dry run" in result.stdout


# Requests made with Django's test client inside `lantern shell`, so they go through the
# settings `make run` serves with: one refused page (404 to someone not on a case), one
# forbidden (403), one failure (500, from a list whose selector raises).
_ERROR_PAGES = """
import json
from unittest import mock
from django.conf import settings
from django.test import Client
from lantern.accounts.models import User

client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(email="li.member@example.org"))
pages = {"debug": settings.DEBUG}
pages["404"] = client.get("/cases/NO-SUCH-CASE/")
pages["403"] = client.get("/manage/")
with mock.patch("lantern.cases.views.cases_for_user", side_effect=RuntimeError("boom")):
    pages["500"] = client.get("/cases/")
print(json.dumps({
    k: v if k == "debug" else [v.status_code, v.content.decode()] for k, v in pages.items()
}))
"""


def test_make_run_shows_lanterns_own_error_pages(after_make_run):
    """Rule: `make run` never shows Django's debug pages (which list every URL pattern)."""
    demo = _run(after_make_run, "demo")
    assert demo.returncode == 0, demo.stderr
    result = _run(after_make_run, "shell", "-c", _ERROR_PAGES)
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    assert pages["debug"] is False
    expected = {
        "404": "Page not found",
        "403": "You cannot do that",
        "500": "Sorry, there is a problem with Lantern",
    }
    for status, heading in expected.items():
        code, body = pages[status]
        assert code == int(status)
        assert f'<h1 class="govuk-heading-l">{heading}</h1>' in body
        assert "govuk-template" in body
        for debug_text in ("URLconf", "urlpatterns", "Traceback", "DEBUG = True", "boom"):
            assert debug_text not in body, (status, debug_text)
