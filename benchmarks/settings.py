"""Settings for benchmarking: Lantern's own, plus the floor view and a query counter.

Production-like: DEBUG off (DEBUG keeps every query in memory and slows pages). The
environment still chooses the database (LANTERN_DATA_DIR for SQLite, DATABASE_URL for
PostgreSQL), as for Lantern itself; the defaults below only fill what a bench run on one
machine does not care about.
"""

import os

os.environ.setdefault("LANTERN_SECRET_KEY", "bench-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("LANTERN_HTTPS", "false")
os.environ.setdefault("LANTERN_LOG_LEVEL", "WARNING")

from lantern.settings import *  # noqa: F403
from lantern.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.urls"
# First, so that it counts every query of the request, the session's and sign-in's too.
MIDDLEWARE = ["benchmarks.querycount.QueryCountMiddleware", *MIDDLEWARE]
