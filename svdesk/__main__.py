"""``python -m svdesk``: the same as the ``svdesk`` command."""

import sys

from svdesk.cli import main

if __name__ == "__main__":
    if getattr(sys, "frozen", False):
        # Letter batches render in worker processes; an installed (frozen) build needs this.
        # Imported only then: multiprocessing is slow to import, and start-up counts.
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
