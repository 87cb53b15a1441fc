"""``python -m svdesk``: the same as the ``svdesk`` command."""

import sys

from svdesk.cli import main

DRAW_PDF_PAGES = "--draw-pdf-pages"

if __name__ == "__main__":
    if sys.argv[1:2] == [DRAW_PDF_PAGES]:
        # The window's own use: an attached PDF's pages drawn in a process of their own,
        # reached this way in an installed (frozen) build as from a checkout.
        from svdesk.ui.workspace.pdf_pages import main as draw

        sys.exit(draw(sys.argv[2:]))
    if getattr(sys, "frozen", False):
        # Letter batches render in worker processes; an installed (frozen) build needs this.
        # Imported only then: multiprocessing is slow to import, and start-up counts.
        import multiprocessing

        multiprocessing.freeze_support()
    sys.exit(main())
