"""One award letter drawn on its own, to look at before the whole batch is written.

``preview_letter`` makes exactly the letter ``write_letters`` would write for one bid of
one lot, through the same steps (the letters' record read in one snapshot,
``letters_of``, the letter templates and the batch's ``render_files``), as a PDF
in a new temporary folder. It refuses as ``write_letters`` does while the tender is not
ready for letters. ``letter_choices`` lists the letters there are to preview, with what
each one tells its bidder.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from svdesk.documents import letter_batch as letters
from svdesk.documents.letter_content import LetterKind, letter_kind, letters_of
from svdesk.documents.letter_drawing import render_files
from svdesk.documents.letter_pdf import check_logo
from svdesk.documents.letter_template import LetterTemplates
from svdesk.domain.model import Holidays, LetterLanguage
from svdesk.services.letter_record import read_letter_outline, require_ready_record
from svdesk.services.refusals import Refused
from svdesk.store.database import Database

PREVIEW_PREFIX = "svdesk-letter-preview-"


@dataclass(frozen=True, slots=True)
class LetterChoice:
    """A letter that can be previewed: one bid of one lot, and what its letter says.

    ``outcome`` is ``None`` while the lot has no winner (and so no letters yet).
    """

    lot: str
    lot_name: str
    bidder: str
    name: str
    outcome: LetterKind | None

    @property
    def label(self) -> str:
        """``Lot 1 · B02 Greenway Mobility CIC (unsuccessful)``."""
        outcome = "no winner yet" if self.outcome is None else _OUTCOMES[self.outcome]
        return f"Lot {self.lot} · {self.bidder} {self.name} ({outcome})"


_OUTCOMES = {
    LetterKind.SUCCESSFUL: "successful",
    LetterKind.UNSUCCESSFUL: "unsuccessful",
    LetterKind.EXCLUDED: "excluded",
    LetterKind.BELOW_MINIMUM: "below a minimum score",
}


def letter_choices(db: Database, reference: str) -> list[LetterChoice]:
    """Every bid's letter, lot by lot, each lot's bids in the order of their ranking."""
    outline = read_letter_outline(db, reference)
    choices = []
    for lot in outline.results.lots:
        name = outline.lot_names[lot.lot]
        for bid in lot.bids:
            outcome = None if lot.winner is None else letter_kind(bid, lot.winner)
            choices.append(LetterChoice(lot.lot, name, bid.bidder, bid.name, outcome))
    return choices


def preview_letter(
    db: Database,
    reference: str,
    lot: str,
    bidder: str,
    letter_date: dt.date,
    notice_date: dt.date | None = None,
    template_folder: Path | None = None,
    logo: Path | None = None,
    *,
    send_date: dt.date | None = None,
    holidays: Holidays | None = None,
    language: LetterLanguage | None = None,
) -> Path:
    """Draw the letter of ``bidder``'s bid for ``lot`` as a PDF; returns the file.

    The file is in a new temporary folder of its own (its parent), which the caller
    removes when done with it (``discard_preview``). Refused, with every reason, when the
    tender is not ready for letters, a date, the templates or the logo are wrong, or the
    lot has no bid from ``bidder``. ``send_date``, ``holidays`` and ``language`` are the
    choices of the Letters dialog not yet written (as ``write_letters`` takes them).
    """
    record = require_ready_record(db, reference)
    if logo is not None:
        check_logo(logo)
    every_letter = letters_of(
        record.data, letter_date, notice_date, send_date=send_date, holidays=holidays
    )
    stems = letters.unique_stems(every_letter)
    found = next(
        (
            (letter, stem)
            for letter, stem in zip(every_letter, stems, strict=True)
            if letter.lot.casefold() == lot.strip().casefold()
            and letter.addressee.bidder.casefold() == bidder.strip().casefold()
        ),
        None,
    )
    if found is None:
        raise Refused([f"{reference} has no letter for bidder {bidder} in lot {lot}"])
    letter, stem = found
    language = LetterLanguage.default_for(letter.regime) if language is None else language
    rendered = LetterTemplates(template_folder).render(letter, LetterLanguage(language))
    folder = Path(tempfile.mkdtemp(prefix=PREVIEW_PREFIX))
    try:
        logo_text = None if logo is None else str(Path(logo).absolute())
        files = render_files((rendered, str(folder), stem, ("pdf",), logo_text))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder / files[0].name


def discard_preview(path: Path) -> None:
    """Remove a preview made by ``preview_letter``, with its temporary folder."""
    folder = Path(path).parent
    if folder.name.startswith(PREVIEW_PREFIX):
        shutil.rmtree(folder, ignore_errors=True)
