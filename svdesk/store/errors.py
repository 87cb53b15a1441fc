"""Errors of the store, worded for the person who chose the file."""


class DatabaseError(Exception):
    """The database cannot be opened or used as asked; the message says why and what to do."""
