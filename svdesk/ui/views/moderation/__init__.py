"""The moderation meeting in the window: every lot's moderation, each lot's board, and the
dialogs that open, sign off and reopen a lot."""
