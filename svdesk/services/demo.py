"""The demo tender: a realistic pack, imported the way a user's pack is.

The pack's content lives as readable JSON in ``resources/demo/`` (one key per sheet);
``create_demo`` writes it out as a real workbook beside its attachment and imports that
folder through the ordinary import, so the demo exercises the same code as real packs.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

from svdesk.bundled import default_scale, load_catalogues
from svdesk.domain.evaluation_rules import PanelRole
from svdesk.domain.model import Regime
from svdesk.packs.pack_writer import write_pack_workbook
from svdesk.services.confidentiality_review import (
    PassageRef,
    approve_passage,
    confidentiality_review,
    edit_passage,
    redact_passage,
)
from svdesk.services.imports import ImportSummary, Progress, import_pack
from svdesk.services.moderation import ConsensusEntry, open_moderation, record_consensus
from svdesk.services.moderation_lots import lot_moderation, sign_off_lot
from svdesk.services.panel import Declaration, add_member
from svdesk.services.scoring import ScoreEntry, submit_scores
from svdesk.store.database import Database
from svdesk.store.tender_store import find_tender


class DemoStage(StrEnum):
    """How far the demo tender's evaluation has gone, so each step can be tried on it."""

    SCORING = "scoring"  # the panel is set; the last evaluator has still to declare and score
    MODERATION = "moderation"  # every evaluator has submitted; moderation has not opened
    MODERATED = "moderated"  # the consensus is agreed and signed off; the review is open
    REVIEWED = "reviewed"  # the review is done too: ready for letters

    @property
    def described(self) -> str:
        return {
            DemoStage.SCORING: "with one evaluator still to score",
            DemoStage.MODERATION: "scored by every evaluator and ready to moderate",
            DemoStage.MODERATED: (
                "scored and moderated, its confidentiality review still to do before letters"
            ),
            DemoStage.REVIEWED: "scored, moderated and reviewed for confidentiality",
        }[self]


@dataclass(frozen=True, slots=True)
class DemoOutcome:
    reference: str
    created: bool
    message: str
    summary: ImportSummary | None = None


def demo_folder() -> Path:
    return Path(str(resources.files("svdesk.resources"))) / "demo"


def demo_content(regime: Regime | None = None) -> dict[str, Any]:
    """The demo pack's sheets; under ``regime`` (default the pack's own, the Act) with the
    grounds of exclusion that regime's law gives (``regimes.json``)."""
    with (demo_folder() / "demo_pack.json").open(encoding="utf-8") as handle:
        content: dict[str, Any] = json.load(handle)
    if regime is None or Regime(regime).value == content["Tender"]["Regime"]:
        return content
    with (demo_folder() / "regimes.json").open(encoding="utf-8") as handle:
        changes: dict[str, Any] = json.load(handle)[Regime(regime).value]
    content["Tender"]["Regime"] = Regime(regime).value
    content["Tender"].update(changes.get("Tender", {}))  # a Welsh authority, say
    for row in content["Bids"]:
        reason = changes["Excluded reasons"].get(f"{row['Lot']}/{row['Bidder']}")
        if reason is not None:
            row["Excluded reason"] = reason
    return content


def demo_reference() -> str:
    return str(demo_content()["Tender"]["Reference"])


def write_demo_pack(folder: Path, regime: Regime | None = None) -> Path:
    """Write the demo as a folder pack (workbook plus attachments); returns the folder."""
    content = demo_content(regime)
    tender = content.pop("Tender")
    folder.mkdir(parents=True, exist_ok=True)
    write_pack_workbook(
        folder / "demo-pack.xlsx",
        tender,
        content,
        catalogues=load_catalogues(),
        scale=default_scale(),
    )
    shutil.copytree(demo_folder() / "attachments", folder / "attachments", dirs_exist_ok=True)
    return folder


def create_demo(
    db: Database,
    *,
    reset: bool = False,
    progress: Progress | None = None,
    regime: Regime | None = None,
    stage: DemoStage = DemoStage.REVIEWED,
) -> DemoOutcome:
    """Import the demo tender, unless it is there already (``reset`` replaces it).

    ``regime`` sets the law its letters follow (default the Procurement Act 2023);
    ``stage`` how far its evaluation has gone."""
    reference = demo_reference()
    with db.reading() as session:
        exists = find_tender(session, reference) is not None
    if exists and not reset:
        return DemoOutcome(
            reference,
            created=False,
            message=(
                f"The demo tender {reference} is already in the database, as you left it. "
                "To start it afresh: svdesk demo --reset"
            ),
        )
    with tempfile.TemporaryDirectory(prefix="svdesk-demo-") as temp:
        folder = write_demo_pack(Path(temp) / "demo-pack", regime)
        summary = import_pack(
            db, folder, replace=reset, discard_evaluation=reset, progress=progress
        )
    evaluation = demo_evaluation()
    record_demo_evaluation(db, reference, evaluation, stage)
    evaluators = [m["name"] for m in evaluation["panel"] if m["role"] == "evaluator"]
    waiting = (
        f" {evaluators[-1]} has still to declare and score: choose them in "
        "Evaluation > Score as a panel member…."
        if stage is DemoStage.SCORING
        else ""
    )
    return DemoOutcome(
        reference,
        created=True,
        message=(
            f"Created the demo tender {summary.reference}: {summary.title} "
            f"({summary.lots} lots, {summary.bidders} bidders, {summary.responses} answers), "
            f"{len(evaluators)} evaluators, {stage.described}.{waiting} Open it with: svdesk gui"
        ),
        summary=summary,
    )


def demo_evaluation() -> dict[str, Any]:
    with (demo_folder() / "demo_evaluation.json").open(encoding="utf-8") as handle:
        content: dict[str, Any] = json.load(handle)
    return content


def record_demo_evaluation(
    db: Database,
    reference: str,
    evaluation: dict[str, Any],
    stage: DemoStage = DemoStage.REVIEWED,
) -> None:
    """The panel, their declarations and scores, and the moderated consensus, as far as
    ``stage``, through the same services a real panel's work goes through (and so into the
    audit trail)."""
    for member in evaluation["panel"]:
        add_member(db, reference, member["name"], PanelRole(member["role"]))
    evaluators = [m for m in evaluation["panel"] if m["role"] == PanelRole.EVALUATOR]
    if stage is DemoStage.SCORING:
        evaluators = evaluators[:-1]
    for member in evaluators:
        name = member["name"]
        declarations = [
            Declaration(d["bidder"], d["conflict"], d["details"], dt.date.fromisoformat(d["date"]))
            for d in evaluation["declarations"]
            if d["evaluator"] == name
        ]
        scores = [
            ScoreEntry(s["lot"], s["bidder"], s["criterion"], s["score"], s["justification"])
            for s in evaluation["scores"]
            if s["evaluator"] == name
        ]
        submit_scores(db, reference, name, scores, declarations)
    if stage not in (DemoStage.MODERATED, DemoStage.REVIEWED):
        return
    moderator = next(m["name"] for m in evaluation["panel"] if m["role"] == PanelRole.MODERATOR)
    open_moderation(db, reference, moderator)
    record_consensus(
        db,
        reference,
        [
            ConsensusEntry(
                c["lot"],
                c["bidder"],
                c["criterion"],
                c["score"],
                c["rationale"],
                c["reconciliation"],
            )
            for c in evaluation["consensus"]
        ],
        moderator,
    )
    # The meeting's record is complete: every lot signed off, the whole panel present.
    chair = [m["name"] for m in evaluation["panel"] if m["role"] == PanelRole.MODERATOR]
    present = ", ".join(chair + [m["name"] for m in evaluators])
    for lot in lot_moderation(db, reference):
        sign_off_lot(db, reference, lot.lot, present, actor=moderator)
    if stage is DemoStage.REVIEWED:
        review = evaluation["review"]
        complete_review(db, reference, review["officer"], review.get("edits", []))


def complete_review(
    db: Database, reference: str, officer: str, edits: list[dict[str, Any]] | None = None
) -> None:
    """The demo officer's confidentiality review: a passage the demo gives new text for
    (a winner's price explanation without its price) is edited; another quoting a sum of
    money is redacted (prices, costs and financing are the clearest commercial secrets);
    every other one approved as it stands."""
    new_texts = {
        (e["lot"], e["bidder"], e["criterion"], int(e["sentence"])): str(e["text"])
        for e in edits or []
    }
    for passage in confidentiality_review(db, reference).open:
        ref = PassageRef(
            passage.lot, passage.bidder, passage.criterion, passage.sentence, passage.text
        )
        new_text = new_texts.get((passage.lot, passage.bidder, passage.criterion, passage.sentence))
        if new_text is not None:
            edit_passage(db, reference, ref, new_text, officer)
        elif any(q.text.lstrip()[:1] in "£$€" for q in passage.quotes if q.kind == "figure"):
            redact_passage(db, reference, ref, officer)
        else:
            approve_passage(db, reference, ref, officer)
