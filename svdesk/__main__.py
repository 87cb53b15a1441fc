"""``python -m svdesk``: the same as the ``svdesk`` command."""

import sys

from svdesk.cli import main

sys.exit(main())
