"""Reading settings from environment variables, failing loudly on bad values.

Every variable read here is documented in docs/configuration.md; a test keeps the
two in step.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ImproperlyConfigured(f"{name} must be at least {minimum}{upper}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.")
    return value


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        path = Path(file_name)
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(
                f"{name}_FILE names {file_name!r}, which cannot be read: {error.strerror}."
            ) from None
    return env_str(name, default)


#: The file `make run` writes in the data directory for the `lantern` command.
LOCAL_ENV_FILE = "lantern.env"


def load_local_env(data_dir: str | None = None) -> Path | None:
    """Reads `<data dir>/lantern.env` (written by `make run`) into the environment, if
    it exists: `NAME=value` lines, `#` comments. A variable already set wins, so the
    file only fills in what the shell does not say. Only the `lantern` command calls
    this; a WSGI server in production never reads the file.
    """
    directory = data_dir or os.environ.get("LANTERN_DATA_DIR", "").strip() or "var"
    path = Path(directory) / LOCAL_ENV_FILE
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        if not equals or not name.strip().isidentifier():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value.")
        os.environ.setdefault(name.strip(), value.strip())
    return path
