"""The moderation meeting in the main window: each lot's board and the consensus editor."""
