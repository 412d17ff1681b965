"""Settings for the test suite: Lantern's own, fed a test environment."""

import os
import tempfile

os.environ.setdefault("LANTERN_SECRET_KEY", "test-secret-key-that-is-long-enough-for-lantern")
os.environ.setdefault("LANTERN_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("LANTERN_HTTPS", "false")
os.environ.setdefault("LANTERN_DATA_DIR", tempfile.mkdtemp(prefix="lantern-test-"))

from lantern.settings import *  # noqa: F403

# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, in the test's own transaction (which never commits): the tests
# that prove e-mail waits for the commit and for the worker turn these back on.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LANTERN_TASKS_AFTER_COMMIT = False
# Query counts are locked in tests, and the database cache (PostgreSQL without Redis)
# would add its own queries to them: tests/documents/test_storage_settings.py proves
# that cache on its own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
