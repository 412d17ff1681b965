"""The database cache's table, made by `lantern migrate` (issue 13).

Without Redis, a PostgreSQL deployment's cache is a table (settings: CACHES), which
Django makes only with `createcachetable`. Every page reads the cache, so a release that
upgraded with `migrate` alone would fail every page: `migrate` makes the table too. It
does nothing when no cache is a database cache, or when the table is there.
"""

from typing import Any

from django.core.management import call_command


def create_cache_table(*, using: str = "default", **kwargs: Any) -> None:
    call_command("createcachetable", database=using, verbosity=0)
