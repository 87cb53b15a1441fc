"""``python -m svdesk``: the same as the ``svdesk`` command."""

import multiprocessing
import sys

from svdesk.cli import main

if __name__ == "__main__":
    # Letter batches render in worker processes; a frozen (installed) build needs this.
    multiprocessing.freeze_support()
    sys.exit(main())
