"""What kind of unique identifier a supplier's is.

An assessment summary under the Procurement Act 2023 shows the supplier's unique identifier:
the one the Central Digital Platform allocates. A pack may give a Companies House number
instead, when the platform's was not to hand; a letter must then say that it is one, not
pass it off as the platform's.
"""

from __future__ import annotations

import re
from enum import StrEnum

# Eight digits (England and Wales), or two letters and six digits (SC Scotland, NI Northern
# Ireland, OC/SO/NC limited liability partnerships, and the like).
_COMPANIES_HOUSE = re.compile(r"[0-9]{8}|[A-Z]{2}[0-9]{6}")


class IdentifierKind(StrEnum):
    NONE = ""
    PLATFORM = "platform"  # the Central Digital Platform's unique identifier
    COMPANIES_HOUSE = "companies-house"


def identifier_kind(identifier: str) -> IdentifierKind:
    """``companies-house`` for a Companies House number, ``platform`` for anything else
    given, ``""`` for nothing."""
    text = identifier.strip().upper().replace(" ", "")
    if not text:
        return IdentifierKind.NONE
    if _COMPANIES_HOUSE.fullmatch(text):
        return IdentifierKind.COMPANIES_HOUSE
    return IdentifierKind.PLATFORM
