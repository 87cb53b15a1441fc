"""The letter test tender (``letter_tenders``) with price and quality explanations that
quote their tenders: the lot 1 winner's (B02's) and a losing bid's (B01's).

B02's price explanation gives its price (sentence 1, a sum of money) and then says how
it was scored (sentence 2, nothing of its tender); its quality explanation quotes its
answer's wording (sentence 1). B01 lost: its own price explanation goes only to itself.
"""

from __future__ import annotations

from pathlib import Path

from svdesk.store.database import Database
from tests.support.letter_tenders import make_tender

WINNER_PRICE = (
    "The tendered annual price of £566,800 was the second lowest of the compliant tenders. "
    "It was scored against the lowest compliant price by the published price model."
)
WINNER_QUALITY = (
    "The method statement will recruit four local residents into new permanent roles for the depot."
)
LOSER_PRICE = "The tendered annual price of £626,400 was scored by the published price model."
PRICE_FIGURE = "£566,800"
PRICE_EDITED = "The tendered annual price was the second lowest of the compliant tenders."


def quote_tenders(sheets: dict[str, list[list[object]]]) -> None:
    """Give B02's and B01's lot 1 bids explanations that quote their tenders."""
    header = sheets["Bids"][0]
    price, quality = header.index("Price explanation"), header.index("Quality explanation")
    for row in sheets["Bids"][1:]:
        if row[:2] == ["B02", "1"]:
            row[price], row[quality] = WINNER_PRICE, WINNER_QUALITY
        elif row[:2] == ["B01", "1"]:
            row[price] = LOSER_PRICE


def make_quoting_tender(folder: Path, regime: str = "procurement-act-2023") -> Database:
    return make_tender(folder, regime, edit=quote_tenders)
