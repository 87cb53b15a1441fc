"""Starting a tender from an OCDS file (Open Contracting Data Standard 1.1).

A buyer's procurement system or a notice service (Find a Tender, Contracts Finder) can export
what it knows of a procurement as OCDS JSON: the tender, its lots, the buyer and the suppliers
that bid. That is read here into a pack with no criteria and no responses, which OCDS does not
hold; the team then writes a template from the tender (``svdesk template --tender REF``),
completes it, and imports it with ``--replace``.

Accepted: a release package (``{"releases": [...]}``, whose releases are merged oldest first so
that each field comes from the latest release that has it), a record package (each record's
``compiledRelease``) or a single release (``{"ocid": ..., "tender": {...}}``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from svdesk.domain.issues import PackIssue, error, warning
from svdesk.domain.model import Bid, Bidder, BidStatus, Lot, Tender, TenderPack
from svdesk.domain.scale import Scale
from svdesk.packs.checker import ReadResult
from svdesk.packs.ocds_text import hidden_text_issues

_ADDRESS_PARTS = ("streetAddress", "locality", "region", "postalCode", "countryName")
# OCDS bid statuses that mean the bid is not to be evaluated.
_EXCLUDED_STATUSES = {"disqualified": "disqualified", "withdrawn": "withdrawn by the bidder"}
_SME_SCALES = {"micro", "sme", "small", "medium"}
_DOCUMENT_TYPES = ("evaluationCriteria", "biddingDocuments", "tenderNotice")


class _Refused(Exception):
    """The file cannot start a tender; the message says why, in plain words."""


def read_ocds(data: bytes, file_name: str, default_scale: Scale) -> ReadResult:
    """Read an OCDS release package or release into a pack with no criteria and no answers.

    The result has a pack only when there are no errors; every issue names ``file_name``.
    """
    try:
        document = _decode(data)
        # Said alone: other problems would quote the disguised text.
        hidden = hidden_text_issues(document, file_name)
        if hidden:
            return ReadResult(None, hidden)
        release = _release(document)
    except _Refused as refused:
        return ReadResult(None, [error(str(refused), file=file_name)])
    return _Reader(release, file_name).read(default_scale)


def _decode(data: bytes) -> object:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Refused(
            f"the OCDS file is not UTF-8 text (byte {exc.start} cannot be read); "
            "OCDS files must be saved as UTF-8 JSON"
        ) from None
    if not text.strip():
        raise _Refused("the OCDS file is empty")
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _Refused(
            f"the OCDS file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise _Refused("the OCDS file is not valid JSON: it is nested far too deeply") from None


def _release(document: object) -> dict[str, Any]:
    """The one release to read: a single release, or a package's releases merged."""
    neither = (
        "the OCDS file is neither a release package (an object with 'releases') nor a "
        "release (an object with 'ocid' and 'tender')"
    )
    if not isinstance(document, dict):
        raise _Refused(neither)
    if "releases" in document:
        releases = document["releases"]
        if not isinstance(releases, list) or not releases:
            raise _Refused("the OCDS release package holds no releases ('releases' is empty)")
        for index, item in enumerate(releases):
            if not isinstance(item, dict):
                raise _Refused(f"releases[{index}] in the OCDS release package is not a release")
        return _merged(releases)
    if "records" in document:
        records = document["records"]
        if not isinstance(records, list) or not records:
            raise _Refused("the OCDS record package holds no records ('records' is empty)")
        compiled = [_object(r).get("compiledRelease") for r in records]
        if not all(isinstance(item, dict) for item in compiled):
            raise _Refused("the OCDS record package has a record without a compiledRelease")
        return _merged([_object(item) for item in compiled])
    if "ocid" in document or "tender" in document:
        return document
    raise _Refused(neither)


def _merged(releases: list[dict[str, Any]]) -> dict[str, Any]:
    ocids = list(dict.fromkeys(_text(release.get("ocid")) for release in releases))
    ocids = [ocid for ocid in ocids if ocid]
    if len(ocids) > 1:
        shown = ", ".join(ocids[:3]) + (f" and {len(ocids) - 3} more" if len(ocids) > 3 else "")
        raise _Refused(
            f"the OCDS file describes {len(ocids)} procurements ({shown}); a tender is started "
            "from one: export that procurement alone"
        )
    merged: dict[str, Any] = {}
    # Oldest first, so that each field ends up as the latest release that gives it.
    for release in sorted(releases, key=lambda item: _text(item.get("date"))):
        _merge(merged, release)
    return merged


def _merge(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    """OCDS merging: objects field by field, arrays of objects with ids item by item."""
    for key, value in source.items():
        if value is None:
            continue
        current = target.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            _merge(current, value)
        elif isinstance(current, list) and _identified(value) and _identified(current):
            items = {_text(item["id"]): item for item in current}
            for item in value:
                existing = items.get(_text(item["id"]))
                if existing is None:
                    fresh = copy.deepcopy(item)
                    current.append(fresh)
                    items[_text(item["id"])] = fresh
                else:
                    _merge(existing, item)
        else:
            target[key] = copy.deepcopy(value)


def _identified(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and _text(item.get("id")) for item in value)
    )


def _text(value: object) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | Decimal | float):
        return str(value)
    return ""


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _objects(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _address(value: object) -> str:
    address = _object(value)
    return "\n".join(part for part in (_text(address.get(name)) for name in _ADDRESS_PARTS) if part)


class _Reader:
    def __init__(self, release: dict[str, Any], file_name: str) -> None:
        self.release = release
        self.file_name = file_name
        self.issues: list[PackIssue] = []
        self.parties = _objects(release.get("parties"))
        self.party_by_id = {_text(p.get("id")): p for p in self.parties if _text(p.get("id"))}

    def error(self, message: str) -> None:
        self.issues.append(error(message, file=self.file_name))

    def warn(self, message: str) -> None:
        self.issues.append(warning(message, file=self.file_name))

    def read(self, default_scale: Scale) -> ReadResult:
        tender = self._tender()
        lots = self._lots()
        bidders = self._bidders()
        bids = self._bids(lots, bidders)
        if tender is None or any(issue.is_error for issue in self.issues):
            return ReadResult(None, self.issues)
        if not bidders:
            self.warn(
                "the OCDS file names no tenderers (parties with the role 'tenderer', or "
                "bids.details[].tenderers); add the bidders in the template"
            )
        self.warn(
            "criteria and responses are not part of OCDS, so the tender was created without "
            f"them. Next: svdesk template --tender {tender.reference} -o pack.xlsx, fill in "
            "the social value weighting, the criteria and the answers, then svdesk import "
            "pack.xlsx --replace"
        )
        pack = TenderPack(tender, tuple(lots), default_scale, (), tuple(bidders), tuple(bids), ())
        return ReadResult(pack, self.issues)

    # -- The tender -------------------------------------------------------------------------

    def _tender(self) -> Tender | None:
        tender = self.release.get("tender")
        if not isinstance(tender, dict):
            self.error("the OCDS file has no tender (the 'tender' object is missing)")
        tender = _object(tender)
        reference = _text(tender.get("id")) or _text(self.release.get("ocid"))
        title = _text(tender.get("title"))
        if not reference:
            self.error("the OCDS file has no tender reference (tender.id or ocid)")
        if not title and "tender" in self.release:
            self.error("the OCDS file has no tender title (tender.title)")
        buyer = self._buyer()
        name = _text(buyer.get("name"))
        if not name:
            self.error(
                "the OCDS file names no buyer (buyer.name, or a party with the role 'buyer' "
                "in parties)"
            )
        value = _object(tender.get("value"))
        amount = self._amount(value.get("amount"))
        currency = _text(value.get("currency")).upper() or "GBP"
        if len(currency) != 3 or not currency.isalpha():
            self.warn(f"tender.value.currency '{currency}' is not an ISO 4217 code; GBP is used")
            currency = "GBP"
        contact = _object(buyer.get("contactPoint"))
        if not (reference and title and name):
            return None
        return Tender(
            reference=reference,
            title=title,
            authority=name,
            social_value_weighting=Decimal(0),  # unknown until the team completes the template
            authority_address=_address(buyer.get("address")),
            currency=currency,
            estimated_value=amount,
            contact_name=_text(contact.get("name")),
            contact_email=_text(contact.get("email")),
            tender_documents=self._documents(tender),
        )

    def _buyer(self) -> dict[str, Any]:
        """The buyer, as the party that describes it most fully (name, address, contact)."""
        reference = _object(self.release.get("buyer"))
        party = self.party_by_id.get(_text(reference.get("id")))
        if party is None and not _text(reference.get("name")):
            party = next((p for p in self.parties if "buyer" in _roles(p)), None)
        merged = dict(reference)
        for key, value in (party or {}).items():
            if key not in merged or not merged[key]:
                merged[key] = value
        return merged

    def _amount(self, value: object) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.warn(f"tender.value.amount is not a number ({value!r}); it was left out")
            return None
        amount = Decimal(value)
        if amount < 0:
            self.warn(f"tender.value.amount is negative ({amount}); it was left out")
            return None
        return amount

    @staticmethod
    def _documents(tender: Mapping[str, Any]) -> str:
        documents = _objects(tender.get("documents"))
        for kind in _DOCUMENT_TYPES:
            for document in documents:
                if document.get("documentType") == kind and _text(document.get("url")):
                    return _text(document.get("url"))
        return ""

    # -- Lots, bidders and bids -------------------------------------------------------------

    def _lots(self) -> list[Lot]:
        lots: dict[str, Lot] = {}
        for index, lot in enumerate(_objects(_object(self.release.get("tender")).get("lots"))):
            key = _text(lot.get("id"))
            if not key:
                self.warn(f"tender.lots[{index}] has no id and was left out")
                continue
            if key.casefold() in {existing.casefold() for existing in lots}:
                self.warn(f"tender.lots has the lot '{key}' twice; the first is kept")
                continue
            lots[key] = Lot(key, _text(lot.get("title")))
        return list(lots.values()) or [Lot("1")]

    def _bidders(self) -> list[Bidder]:
        found: dict[str, Bidder] = {}
        references = [p for p in self.parties if "tenderer" in _roles(p)]
        references += _objects(_object(self.release.get("tender")).get("tenderers"))
        for detail in self._bid_details():
            references += _objects(detail.get("tenderers"))
        for reference in references:
            key = _text(reference.get("id"))
            if not key:
                name = _text(reference.get("name")) or "without a name"
                self.warn(f"a tenderer ({name}) has no id and was left out; add it in the template")
                continue
            if key.casefold() in {existing.casefold() for existing in found}:
                continue
            party = self.party_by_id.get(key, reference)
            found[key] = self._bidder(key, party, reference)
        return list(found.values())

    def _bidder(self, key: str, party: Mapping[str, Any], reference: Mapping[str, Any]) -> Bidder:
        name = _text(party.get("name")) or _text(reference.get("name"))
        if not name:
            self.warn(f"the tenderer '{key}' has no name; its id is used until you add one")
            name = key
        contact = _object(party.get("contactPoint"))
        scale = _text(_object(party.get("details")).get("scale")).casefold()
        return Bidder(
            key=key,
            name=name,
            identifier=_identifier(party.get("identifier")),
            address=_address(party.get("address")),
            contact=_text(contact.get("name")),
            email=_text(contact.get("email")),
            sme=scale in _SME_SCALES,
        )

    def _bid_details(self) -> list[dict[str, Any]]:
        return _objects(_object(self.release.get("bids")).get("details"))

    def _bids(self, lots: list[Lot], bidders: list[Bidder]) -> list[Bid]:
        """Each tenderer bids for every lot, unless bids.details[].relatedLots says which."""
        lot_keys = {lot.key.casefold(): lot.key for lot in lots}
        bidder_keys = {bidder.key.casefold(): bidder.key for bidder in bidders}
        named: dict[str, set[str | None]] = {}
        excluded: dict[tuple[str, str | None], str] = {}
        for index, detail in enumerate(self._bid_details()):
            related = [_text(item) for item in _list(detail.get("relatedLots"))]
            unknown = [key for key in related if key and key.casefold() not in lot_keys]
            if unknown:
                self.warn(
                    f"bids.details[{index}] names lots that tender.lots does not have "
                    f"({', '.join(unknown)}); they were left out"
                )
            detail_lots: set[str | None] = {
                lot_keys[key.casefold()] for key in related if key.casefold() in lot_keys
            }
            status = _EXCLUDED_STATUSES.get(_text(detail.get("status")))
            for reference in _objects(detail.get("tenderers")):
                key = bidder_keys.get(_text(reference.get("id")).casefold())
                if key is None:
                    continue
                named.setdefault(key, set()).update(detail_lots)
                if status:
                    for lot_key in detail_lots or {None}:
                        excluded[(key, lot_key)] = status
        bids: list[Bid] = []
        for lot in lots:
            for bidder in bidders:
                chosen = named.get(bidder.key)
                if chosen and lot.key not in chosen:
                    continue
                status = excluded.get((bidder.key, lot.key)) or excluded.get((bidder.key, None))
                if status:
                    bids.append(
                        Bid(
                            bidder.key,
                            lot.key,
                            status=BidStatus.EXCLUDED,
                            excluded_reason=f"The bid was {status} (bid status in the OCDS file).",
                        )
                    )
                else:
                    bids.append(Bid(bidder.key, lot.key))
        return bids


def _list(value: object) -> Iterable[object]:
    return value if isinstance(value, list) else ()


def _roles(party: Mapping[str, Any]) -> set[str]:
    return {_text(role) for role in _list(party.get("roles"))}


def _identifier(value: object) -> str:
    """``GB-COH-09876543``: the scheme and the id, as OCDS organisation identifiers are written."""
    identifier = _object(value)
    scheme = _text(identifier.get("scheme"))
    number = _text(identifier.get("id"))
    if not number:
        return ""
    if not scheme or number.casefold().startswith(scheme.casefold() + "-"):
        return number
    return f"{scheme}-{number}"
