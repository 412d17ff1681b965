"""The several-machines test runs on make test's PostgreSQL pass only: on SQLite (one
file, one machine) there is nothing for it to show, so the SQLite pass deselects it
(it is neither run nor counted as skipped there)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "deploy: starts real app and worker processes (PostgreSQL pass only)"
    )


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    here = [item for item in items if HERE in Path(str(item.path)).resolve().parents]
    if here:
        config.hook.pytest_deselected(items=here)
        items[:] = [item for item in items if item not in here]
