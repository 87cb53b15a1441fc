"""Writing a pack workbook to fill in: the use case behind ``svdesk template``.

Without a tender, the workbook is empty apart from its headings, its instructions and the
bundled model criteria. With one, it holds everything svdesk knows of that tender (after an
OCDS import: the tender, its lots and its bidders), for the team to complete and import again
with ``--replace``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from svdesk.bundled import default_scale, load_catalogues
from svdesk.domain.scale import Scale
from svdesk.packs.pack_writer import write_pack_workbook
from svdesk.services.refusals import Refused
from svdesk.services.written_files import write_whole

if TYPE_CHECKING:
    # An empty template needs no database: svdesk template must not pay for SQLAlchemy.
    from svdesk.services.tenders import TenderOverview
    from svdesk.store.database import Database

Rows = list[dict[str, Any]]


class TemplateRefused(Refused):
    """The template was not written; str(exc) is one line saying why, and nothing was changed."""

    def __init__(self, reason: str) -> None:
        super().__init__([reason])


def write_pack_template(
    output: Path, *, db: Database | None = None, reference: str | None = None
) -> Path:
    """Write a pack workbook to ``output`` (an .xlsx path) and return the path written.

    With ``reference``, the workbook is pre-filled from that tender in ``db``. The file is
    written beside ``output`` under another name and then moved into place, so ``output``
    is never left half-written.
    """
    output = Path(output)
    _check_output(output)
    tender: dict[str, Any] = {}
    sheets: dict[str, Rows] = {}
    notes: list[str] = []
    scale = default_scale()
    if reference is not None:
        if db is None:
            raise ValueError("a database is needed to pre-fill a template from a tender")
        from svdesk.services.tenders import TenderNotFound, tender_overview

        try:
            overview = tender_overview(db, reference)
        except TenderNotFound as exc:
            raise TemplateRefused(str(exc)) from None
        tender, sheets = pack_values(overview)
        notes = _notes(overview, output.name)
        scale = overview.scale if sheets["Scale"] else default_scale()
    _write_atomically(output, tender, sheets, notes, scale)
    return output


def _check_output(output: Path) -> None:
    if output.suffix.lower() != ".xlsx":
        raise TemplateRefused(
            f"'{output.name}' does not end in .xlsx: the template is an Excel workbook, so give "
            "a file name such as pack.xlsx"
        )
    folder = output.parent
    if not folder.exists():
        raise TemplateRefused(
            f"the folder '{folder}' does not exist; create it first or choose another folder"
        )
    if not folder.is_dir():
        raise TemplateRefused(f"'{folder}' is not a folder; choose a folder to write into")
    if output.is_dir():
        raise TemplateRefused(f"'{output}' is a folder; give a file name ending in .xlsx")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TemplateRefused(
            f"the folder '{folder}' cannot be written to; choose a folder of your own"
        )


def _write_atomically(
    output: Path,
    tender: Mapping[str, Any],
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    notes: Sequence[str],
    scale: Scale,
) -> None:
    def write(path: Path) -> None:
        write_pack_workbook(
            path, tender, sheets, catalogues=load_catalogues(), scale=scale, notes=notes
        )

    try:
        write_whole(output, write, ".tmp.xlsx")
    except Refused as refused:  # the disk is full
        raise TemplateRefused(refused.reasons[0]) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise TemplateRefused(
            f"'{output}' cannot be written: {reason} (is it open in Excel? close it and try again)"
        ) from exc


# -- From a tender in the database ----------------------------------------------------------


def pack_values(overview: TenderOverview) -> tuple[dict[str, Any], dict[str, Rows]]:
    """The Tender sheet's fields and the other sheets' rows that describe ``overview``."""
    t = overview.tender
    no_criteria = not overview.criteria
    social_value: Decimal | None = t.social_value_weighting
    if no_criteria and t.social_value_weighting == 0:
        social_value = None  # not decided yet (a tender started from OCDS)
    tender: dict[str, Any] = {
        "Reference": t.reference,
        "Title": t.title,
        "Authority": t.authority,
        "Authority address": t.authority_address,
        "Regime": t.regime,
        "Currency": t.currency,
        "Estimated value": t.estimated_value,
        "Price weighting": t.price_weighting,
        "Quality weighting": t.quality_weighting,
        "Social value weighting": social_value,
        "Scoring method": t.scoring_method,
        "Tie-break": t.tie_break,
        "Contact name": t.contact_name,
        "Contact email": t.contact_email,
        "Signatory": t.signatory,
        "Tender documents": t.tender_documents,
        "Holidays": t.holidays.value if t.holidays else "",
        "Hide bidders on shared screen": "Yes" if t.hide_bidders_on_screen else "",
        "Anonymous evaluators": "Yes" if t.anonymous_evaluators else "",
        "Moderation tolerance": "" if t.moderation_tolerance == 1 else t.moderation_tolerance,
    }
    sheets: dict[str, Rows] = {
        "Lots": [{"Lot": lot.key, "Title": lot.title} for lot in overview.lots],
        "Scale": [
            {"Score": level.score, "Label": level.label, "Descriptor": level.descriptor}
            for level in overview.scale.levels
            if level.label or level.descriptor
        ],
        "Criteria": [
            {
                "Code": c.code,
                "Lot": c.lot,
                "Model criterion": c.model_criterion,
                "Title": c.title,
                "Question": c.question,
                "Guidance": c.guidance,
                "Sub-criteria": "\n".join(c.sub_criteria),
                "Weight": c.weight,
                "Word limit": c.word_limit,
                "Minimum score": c.minimum_score,
            }
            for c in overview.criteria
        ],
        "Bidders": [
            {
                "Bidder": b.key,
                "Name": b.name,
                "Identifier": b.identifier,
                "Address": b.address,
                "Contact": b.contact,
                "Email": b.email,
                "SME": b.sme,
                "VCSE": b.vcse,
            }
            for b in overview.bidders
        ],
        "Bids": [
            {
                "Bidder": bid.bidder,
                "Lot": bid.lot,
                "Price score": bid.price_score,
                "Quality score": bid.quality_score,
                "Status": bid.status,
                "Excluded reason": bid.excluded_reason,
                "Price explanation": bid.price_explanation,
                "Quality explanation": bid.quality_explanation,
            }
            for bid in overview.bids
        ],
        "Responses": [
            {
                "Bidder": r.bidder,
                "Lot": r.lot,
                "Criterion": r.criterion,
                "Answer": r.answer,
                "Attachment": r.attachment.path if r.attachment else None,
            }
            for r in overview.responses
            if not r.missing
        ],
    }
    return tender, sheets


def _notes(overview: TenderOverview, file_name: str) -> list[str]:
    reference = overview.tender.reference
    notes = [
        f"This workbook was filled in from the tender {reference} in svdesk. When it is "
        f"complete, import it again to replace that tender: svdesk import {file_name} "
        "--replace on the command line, or File > Import pack in the window and confirm. "
        "Replacing a tender discards everything recorded for it since it was imported, "
        "panel scores included."
    ]
    if not overview.criteria:
        notes.append(
            "The tender has no criteria yet: fill in the Social value weighting on the Tender "
            "sheet, the criteria on the Criteria sheet (the Model criteria sheet lists the "
            "Social Value Model's award criteria to choose from) and the answers on the "
            "Responses sheet."
        )
    attached = sorted({r.attachment.path for r in overview.responses if r.attachment})
    if attached:
        shown = ", ".join(attached[:5]) + (
            f" and {len(attached) - 5} more" if len(attached) > 5 else ""
        )
        notes.append(
            f"{len(attached)} answer file(s) are named in the Attachment column ({shown}). "
            "svdesk keeps them in its database, not in this workbook: to import this workbook "
            "again, put it in a folder or .zip together with those files, at the paths shown."
        )
    return notes
