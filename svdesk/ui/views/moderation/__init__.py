"""The moderation meeting in the window: every lot's moderation, each lot's board, the
consensus editor, and the dialogs that open, sign off and reopen a lot."""
