"""svdesk: social value bid evaluation for UK public-sector panels."""

__version__ = "0.1.0"
