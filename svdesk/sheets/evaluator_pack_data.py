"""The data parts of an evaluator pack, as JSON: ``tender.json`` (what the workspace shows)
and ``work.json`` (the evaluator's record), with the attached files beside them.

Reading is strict: a part that does not hold what svdesk writes is refused as damaged,
never half read. Attached files are named by their number in the pack
(``attachments/0001.pdf``), never by the bidder's own path, which is kept in the JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from svdesk.domain.hidden_characters import has_hidden_characters, hidden_text
from svdesk.domain.model import (
    Attachment,
    Bid,
    Bidder,
    Criterion,
    Lot,
    Regime,
    Response,
    ScoringMethod,
    Tender,
    TenderPack,
    TieBreak,
)
from svdesk.domain.pack_rules import shown
from svdesk.domain.scale import Scale, ScaleLevel
from svdesk.packs.attachments import SUPPORTED_SUFFIXES
from svdesk.services.evaluator_copy import EvaluatorCopy, WorkEntry
from svdesk.services.scoring import DeclaredInterest

ATTACHMENTS = "attachments/"


class DamagedPart(ValueError):
    """A part does not hold what svdesk writes; str(exc) says what, in plain words."""


def tender_parts(pack: TenderPack) -> dict[str, bytes]:
    """``tender.json`` and the attached files, by their names in the pack."""
    files: dict[str, str] = {}
    parts: dict[str, bytes] = {}
    responses = []
    for r in pack.responses:
        attachment = None
        if r.attachment is not None:
            a = r.attachment
            if a.path not in files:
                suffix = PurePosixPath(a.path).suffix.lower()[:8]
                files[a.path] = f"{ATTACHMENTS}{len(files) + 1:04d}{suffix}"
                parts[files[a.path]] = a.data
            attachment = {
                "path": a.path,
                "file": files[a.path],
                "media_type": a.media_type,
                "text": a.text,
                "text_shortfall": a.text_shortfall,
            }
        responses.append(
            {
                "lot": r.lot,
                "bidder": r.bidder,
                "criterion": r.criterion,
                "answer": r.answer,
                "missing": r.missing,
                "attachment": attachment,
            }
        )
    t = pack.tender
    tender = {
        "tender": {
            "reference": t.reference,
            "title": t.title,
            "authority": t.authority,
            "social_value_weighting": str(t.social_value_weighting),
            "price_weighting": str(t.price_weighting),
            "quality_weighting": str(t.quality_weighting),
            "regime": t.regime.value,
            "scoring_method": t.scoring_method.value,
            "tie_break": t.tie_break.value,
            "currency": t.currency,
        },
        "lots": [{"key": lot.key, "title": lot.title} for lot in pack.lots],
        "scale": [
            {"score": s.score, "label": s.label, "descriptor": s.descriptor}
            for s in pack.scale.levels
        ],
        "criteria": [
            {
                "lot": c.lot,
                "code": c.code,
                "title": c.title,
                "question": c.question,
                "weight": str(c.weight),
                "guidance": c.guidance,
                "sub_criteria": list(c.sub_criteria),
                "word_limit": c.word_limit,
                "minimum_score": c.minimum_score,
                "model_criterion": c.model_criterion,
            }
            for c in pack.criteria
        ],
        "bidders": [{"key": b.key, "name": b.name} for b in pack.bidders],
        "bids": [{"lot": b.lot, "bidder": b.bidder} for b in pack.bids],
        "responses": responses,
    }
    parts["tender.json"] = _dumps(tender)
    return parts


def work_part(copy: EvaluatorCopy) -> bytes:
    return _dumps(
        {
            "member": copy.member,
            "passphrase_hash": copy.passphrase_hash,
            "declarations": [
                {
                    "bidder": key,
                    "conflict": d.conflict,
                    "details": d.details,
                    "declared_on": d.declared_on.isoformat(),
                }
                for key, d in copy.declarations.items()
            ],
            "work": [
                {
                    "lot": w.lot,
                    "bidder": w.bidder,
                    "criterion": w.criterion,
                    "score": w.score,
                    "justification": w.justification,
                    "notes": w.notes,
                    "submitted": w.submitted,
                }
                for w in copy.work
            ],
        }
    )


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


# -- Reading --------------------------------------------------------------------------------


def read_copy(parts: dict[str, bytes]) -> EvaluatorCopy:
    """The evaluator's copy held by a pack's parts; raises DamagedPart."""
    try:
        tender = _object(_loads(parts, "tender.json"))
        work = _object(_loads(parts, "work.json"))
        pack = _tender_pack(tender, parts)
        return EvaluatorCopy(
            tender=pack,
            member=_key(work, "member"),
            passphrase_hash=_optional_text(work, "passphrase_hash"),
            declarations={
                _key(d, "bidder"): DeclaredInterest(
                    _flag(d, "conflict"),
                    _text(d, "details"),
                    dt.date.fromisoformat(_text(d, "declared_on")),
                )
                for d in map(_object, _list(work, "declarations"))
            },
            work=[
                WorkEntry(
                    _key(w, "lot"),
                    _key(w, "bidder"),
                    _key(w, "criterion"),
                    _optional_int(w, "score"),
                    _text(w, "justification"),
                    _text(w, "notes"),
                    _flag(w, "submitted"),
                )
                for w in map(_object, _list(work, "work"))
            ],
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        if isinstance(exc, DamagedPart):
            raise
        raise DamagedPart(f"its data does not hold what svdesk writes ({exc})") from None


def _tender_pack(data: dict[str, Any], parts: dict[str, bytes]) -> TenderPack:
    t = _object(data["tender"])
    tender = Tender(
        reference=_key(t, "reference"),
        title=_text(t, "title"),
        authority=_text(t, "authority"),
        social_value_weighting=Decimal(_text(t, "social_value_weighting")),
        price_weighting=Decimal(_text(t, "price_weighting")),
        quality_weighting=Decimal(_text(t, "quality_weighting")),
        regime=Regime(_text(t, "regime")),
        scoring_method=ScoringMethod(_text(t, "scoring_method")),
        tie_break=TieBreak(_text(t, "tie_break")),
        currency=_text(t, "currency"),
    )
    scale = Scale(
        tuple(
            ScaleLevel(_int(s, "score"), _text(s, "label"), _text(s, "descriptor"))
            for s in map(_object, _list(data, "scale"))
        )
    )
    criteria = tuple(
        Criterion(
            lot=_key(c, "lot"),
            code=_key(c, "code"),
            title=_text(c, "title"),
            question=_text(c, "question"),
            weight=Decimal(_text(c, "weight")),
            guidance=_text(c, "guidance"),
            sub_criteria=tuple(str(s) for s in _list(c, "sub_criteria")),
            word_limit=_optional_int(c, "word_limit"),
            minimum_score=_optional_int(c, "minimum_score"),
            model_criterion=_text(c, "model_criterion"),
        )
        for c in map(_object, _list(data, "criteria"))
    )
    return TenderPack(
        tender=tender,
        lots=tuple(Lot(_key(x, "key"), _text(x, "title")) for x in map(_object, data["lots"])),
        scale=scale,
        criteria=criteria,
        bidders=tuple(
            Bidder(_key(b, "key"), _key(b, "name")) for b in map(_object, _list(data, "bidders"))
        ),
        bids=tuple(
            Bid(_key(b, "bidder"), _key(b, "lot")) for b in map(_object, _list(data, "bids"))
        ),
        responses=tuple(_response(r, parts) for r in map(_object, _list(data, "responses"))),
    )


def _response(r: dict[str, Any], parts: dict[str, bytes]) -> Response:
    attachment = None
    if r.get("attachment") is not None:
        a = _object(r["attachment"])
        file = _key(a, "file")
        if not file.startswith(ATTACHMENTS) or file not in parts:
            raise DamagedPart(f"an answer cites the file '{file[:80]}', which is not in it")
        path = _key(a, "path")
        if PurePosixPath(path).suffix.lower() not in SUPPORTED_SUFFIXES:
            # The window opens an attached file in its own program: only the kinds a tender
            # pack may attach.
            raise DamagedPart(f"an answer cites '{path[:80]}', not a kind of file svdesk keeps")
        attachment = Attachment(
            path,
            parts[file],
            _text(a, "media_type"),
            _text(a, "text"),
            _text(a, "text_shortfall"),
        )
    return Response(
        bidder=_key(r, "bidder"),
        lot=_key(r, "lot"),
        criterion=_key(r, "criterion"),
        answer=_text(r, "answer"),
        attachment=attachment,
        missing=_flag(r, "missing"),
    )


def _loads(parts: dict[str, bytes], name: str) -> Any:
    if name not in parts:
        raise DamagedPart(f"it has no {name}")
    try:
        return json.loads(parts[name].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DamagedPart(f"its {name} is not the JSON svdesk writes ({exc})") from None


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("an object was expected")
    return value


def _list(data: dict[str, Any], name: str) -> list[Any]:
    value = data[name]
    if not isinstance(value, list):
        raise TypeError(f"'{name}' should be a list")
    return value


def _text(data: dict[str, Any], name: str) -> str:
    """Written text, with any hidden character removed (svdesk never writes one there)."""
    value = data[name]
    if not isinstance(value, str):
        raise TypeError(f"'{name}' should be text")
    hidden = hidden_text(value, written=True)
    return value if hidden is None else hidden.text


def _key(data: dict[str, Any], name: str) -> str:
    """A key, name or path: one holding a hidden character is not as svdesk wrote it."""
    value = data[name]
    if not isinstance(value, str):
        raise TypeError(f"'{name}' should be text")
    if has_hidden_characters(value):
        raise DamagedPart(f"its '{name}' {shown(value)} holds a hidden character")
    return value


def _optional_text(data: dict[str, Any], name: str) -> str | None:
    return None if data.get(name) is None else _text(data, name)


def _int(data: dict[str, Any], name: str) -> int:
    value = data[name]
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"'{name}' should be a whole number")
    return value


def _optional_int(data: dict[str, Any], name: str) -> int | None:
    return None if data.get(name) is None else _int(data, name)


def _flag(data: dict[str, Any], name: str) -> bool:
    value = data[name]
    if not isinstance(value, bool):
        raise TypeError(f"'{name}' should be true or false")
    return value
