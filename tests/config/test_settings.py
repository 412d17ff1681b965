"""Settings come from the environment; a bad value stops start-up with a clear message."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from lantern.env import env_bool, env_choice, env_int, env_list, env_secret

ROOT = Path(__file__).resolve().parents[2]


def _lantern(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LANTERN_", "DATABASE_URL"))}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "lantern", *(args or ["check"])],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def good(tmp_path) -> dict[str, str]:
    return {
        "LANTERN_SECRET_KEY": "x" * 40,
        "LANTERN_ALLOWED_HOSTS": "lantern.example.org",
        "LANTERN_DATA_DIR": str(tmp_path),
    }


def test_good_production_settings_start(good):
    result = _lantern(good)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "name, value, message",
    [
        (
            "LANTERN_SESSION_IDLE_MINUTES",
            "soon",
            "LANTERN_SESSION_IDLE_MINUTES must be a whole number",
        ),
        ("LANTERN_SESSION_IDLE_MINUTES", "1", "LANTERN_SESSION_IDLE_MINUTES must be at least 5"),
        ("LANTERN_HTTPS", "maybe", "LANTERN_HTTPS must be true or false"),
        ("LANTERN_BASE_URL", "lantern.example.org", "LANTERN_BASE_URL must be the address"),
        ("LANTERN_LOG_LEVEL", "LOUD", "LANTERN_LOG_LEVEL must be one of"),
        (
            "DATABASE_URL",
            "mysql://localhost/lantern",
            "DATABASE_URL must be a sqlite:// or postgres://",
        ),
        ("DATABASE_URL", "nonsense", "DATABASE_URL is not a database URL"),
        ("LANTERN_SECRET_KEY", "short", "LANTERN_SECRET_KEY must be at least 32 characters"),
        ("LANTERN_ALLOWED_HOSTS", "", "LANTERN_ALLOWED_HOSTS must name the host names"),
    ],
)
def test_bad_value_stops_start_up_with_a_message(good, name, value, message):
    result = _lantern({**good, name: value})
    assert result.returncode == 2
    assert "Lantern cannot start:" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_production_needs_a_secret_key(good):
    del good["LANTERN_SECRET_KEY"]
    result = _lantern(good)
    assert result.returncode == 2
    assert "LANTERN_SECRET_KEY (or LANTERN_SECRET_KEY_FILE) must be set" in result.stderr


def test_secret_key_can_come_from_a_file(good, tmp_path):
    del good["LANTERN_SECRET_KEY"]
    key = tmp_path / "key"
    key.write_text("k" * 50 + "\n")
    assert _lantern({**good, "LANTERN_SECRET_KEY_FILE": str(key)}).returncode == 0
    missing = _lantern({**good, "LANTERN_SECRET_KEY_FILE": str(tmp_path / "absent")})
    assert "LANTERN_SECRET_KEY_FILE names" in missing.stderr


def test_sqlite_is_the_default_and_database_url_switches(good, tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    default = _lantern(good, "shell", "-c", code)
    assert default.stdout.strip().splitlines()[-1] == "django.db.backends.sqlite3"
    postgres = _lantern(
        {**good, "DATABASE_URL": "postgres://u:p@db.example.org/lantern"}, "shell", "-c", code
    )
    assert postgres.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql"


class TestReaders:
    def test_bool(self, monkeypatch):
        monkeypatch.setenv("X", "Yes")
        assert env_bool("X", False) is True
        monkeypatch.setenv("X", "off")
        assert env_bool("X", True) is False
        monkeypatch.delenv("X")
        assert env_bool("X", True) is True

    def test_int_bounds(self, monkeypatch):
        monkeypatch.setenv("X", "12")
        assert env_int("X", 1, minimum=1, maximum=12) == 12
        monkeypatch.setenv("X", "13")
        with pytest.raises(ImproperlyConfigured, match="at most 12"):
            env_int("X", 1, minimum=1, maximum=12)

    def test_list_and_choice(self, monkeypatch):
        monkeypatch.setenv("X", " a.example.org, ,b.example.org ")
        assert env_list("X", []) == ["a.example.org", "b.example.org"]
        monkeypatch.setenv("X", "beta")
        assert env_choice("X", "live", {"beta", "live"}) == "beta"

    def test_secret_prefers_file(self, monkeypatch, tmp_path):
        path = tmp_path / "s"
        path.write_text("from-file\n")
        monkeypatch.setenv("S", "from-env")
        monkeypatch.setenv("S_FILE", str(path))
        assert env_secret("S") == "from-file"


def test_every_variable_read_is_documented():
    read = set(
        re.findall(r'env_\w+\(\s*"([A-Z_]+)"', (ROOT / "src/lantern/settings.py").read_text())
    )
    docs = (ROOT / "docs" / "configuration.md").read_text()
    assert read, "no variables found: the pattern is out of date"
    missing = sorted(name for name in read if f"`{name}`" not in docs)
    assert missing == []
