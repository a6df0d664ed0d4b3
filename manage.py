#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "analyze" and "--persist" not in sys.argv:
        # `analyze` is a one-shot analysis: it works in a private in-memory database so that
        # its output depends on its input files alone (see ../shared/analyze-json.md).
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
