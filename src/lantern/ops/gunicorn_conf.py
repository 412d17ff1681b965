"""gunicorn's settings for Lantern (`lantern serve` uses them; or
`gunicorn -c python:lantern.ops.gunicorn_conf lantern.wsgi`). Each can be set from the
environment; see docs/deployment.md."""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, not {value!r}.") from None


bind = os.environ.get("LANTERN_BIND", "").strip() or f"0.0.0.0:{_int('PORT', 8000)}"
workers = _int("LANTERN_WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("LANTERN_WEB_THREADS", 1)
# The slowest pages (a ten-year case, a reporting pack) take longer than gunicorn's 30 s.
timeout = _int("LANTERN_WEB_TIMEOUT", 120)
graceful_timeout = 30
keepalive = 5
# Load Lantern once, before forking: faster start, shared memory, and a broken setting
# stops the server at once instead of in every worker.
preload_app = True
# Workers grow with the largest page they served; replace each after a while.
max_requests = _int("LANTERN_WEB_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# Behind a proxy, X-Forwarded-* from these addresses are believed.
forwarded_allow_ips = os.environ.get("LANTERN_FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "lantern.wsgi:application"
# gunicorn 24+'s control socket is one path per user: two servers on one machine would
# share it. Lantern does not use it.
control_socket_disable = True

if os.environ.get("LANTERN_LOG_FORMAT", "").strip() == "json":
    # gunicorn's own lines and its access log as JSON too, like Lantern's.
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "lantern.ops.logs.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
            }
        },
        "root": {"handlers": ["stdout"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }
