"""The `lantern` command: Lantern's manage.py, installed as a console script."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.settings")
    from django.core.exceptions import ImproperlyConfigured

    from lantern.env import load_local_env

    try:
        # What `make run` left in the data directory (its secret key, hosts, plain
        # HTTP), so that every command in the README works in the same shell after it.
        load_local_env()
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A bad setting is the operator's to fix: say which, without a traceback.
        print(f"Lantern cannot start: {error}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
