"""Writing a tender's award letters: the whole batch, or nothing.

``write_letters`` reads the readiness check and everything the letters say in one
snapshot (``services.letter_record``), refuses while the check finds a problem, builds
every letter from that record (``documents.letter_content``), fills in the templates,
and only then writes: into a temporary folder beside the output folder (on the same file
system), which is moved into place when every file and ``index.csv`` are written. An
interrupted or refused run leaves no half-written batch behind, and a batch already in the
folder (its ``index.csv``) is never overwritten: with ``replace`` it is moved aside into
``superseded-<time>/``, never deleted.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from svdesk.documents.letter_content import LetterContent, LetterKind, letters_of
from svdesk.documents.letter_drawing import (
    DrawingPool,
    Files,
    Job,
    LetterFile,
    Progress,
    draw_here,
)
from svdesk.documents.letter_template import LetterTemplates
from svdesk.domain.model import Holidays, LetterLanguage, Regime
from svdesk.domain.standstill import long_date
from svdesk.packs.cells import csv_field
from svdesk.services.letter_record import keep_holidays, require_ready_record
from svdesk.services.refusals import LettersExist, Refused
from svdesk.services.written_files import disk_full, is_disk_full, remove_stale, temporary_prefix
from svdesk.store.audit import TrailTip
from svdesk.store.database import Database

FORMATS = ("pdf", "docx")
INDEX = "index.csv"
SUPERSEDED = "superseded-"
PARALLEL_FROM = 40
"""Files in a batch (letters x formats) from which they are drawn in several processes.

Below it, no worker process is started: the batch is drawn here, one letter after another
(tests/benchmarks/bench_letters.py measures both ways)."""
MAX_WORKERS = 4

MAX_STEM = 80
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(10)}
_FOLD = str.maketrans(
    {
        "ß": "ss", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe",
        "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th",
        "ı": "i", "&": " and ",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Dated:
    """What the index records of how the batch was dated and written."""

    send_date: dt.date | None  # the 2015 regulations: the day the notices are sent
    language: LetterLanguage


@dataclass(frozen=True, slots=True)
class WrittenLetter:
    lot: str
    bidder: str
    name: str
    outcome: LetterKind
    rank: int | None
    total: str  # 2 decimal places; "" for an excluded bid
    files: tuple[LetterFile, ...]


@dataclass(frozen=True, slots=True)
class LetterBatch:
    """What was written, where, and the standstill period the letters state."""

    reference: str
    folder: Path
    letter_date: dt.date
    notice_date: dt.date | None  # the Act's contract award notice date; None otherwise
    standstill_ends: str  # "midnight at the end of Tuesday 5 January 2027"
    standstill_ends_at: dt.datetime
    letters: tuple[WrittenLetter, ...]
    index: Path
    superseded: Path | None  # where an earlier batch was moved, when ``replace`` did so
    notes: tuple[str, ...]
    # The audit trail's tip as verified before writing, stamped on every row of the index:
    # svdesk audit --verify --tip proves later that the record has not been rewritten.
    audit_tip: TrailTip | None = None
    send_date: dt.date | None = None  # the 2015 regulations: the day the notices are sent
    holidays: Holidays | None = None  # whose bank holidays the standstill period counts
    language: LetterLanguage = LetterLanguage.ENGLISH

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(self.folder / f.name for letter in self.letters for f in letter.files)


def write_letters(
    db: Database,
    reference: str,
    out_dir: Path,
    letter_date: dt.date | None = None,
    notice_date: dt.date | None = None,
    formats: Sequence[str] = ("pdf",),
    template_folder: Path | None = None,
    logo: Path | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    send_date: dt.date | None = None,
    holidays: Holidays | None = None,
    today: dt.date | None = None,
    language: LetterLanguage | None = None,
) -> LetterBatch:
    """Write one letter per bid per lot into ``out_dir``, with ``index.csv``.

    ``letter_date`` defaults to today. ``notice_date`` is the day the contract award
    notice is to be published (Procurement Act 2023 only; default the letter date); for
    the 2015 regulations it is ignored, with a note. ``formats`` is any of ``pdf`` and
    ``docx``. Refused, with every reason and nothing written, when the tender is not
    ready, a date or template is wrong, the logo is not an image, the folder cannot be
    written, or it already holds a batch and ``replace`` is not set.

    ``send_date`` (the 2015 regulations) is the day the notices are sent electronically,
    from which the standstill period runs (default the letter date); a batch written after
    that day carries a note that its stated end is too early unless dated again.
    ``holidays``, when given, is the holiday setting to count the standstill period with;
    it is kept on the tender (and recorded in the audit trail) once the batch is written.
    ``language`` is English, Welsh or bilingual (default: bilingual for a devolved Welsh
    authority, English otherwise); a regime without templates in Welsh is refused.
    """
    chosen = _formats(formats)
    today = dt.date.today() if today is None else today
    letter_date = today if letter_date is None else letter_date
    dates = ((letter_date, "letter date"), (notice_date, "notice date"), (send_date, "send date"))
    for value, what in dates:
        if value is not None and (isinstance(value, dt.datetime) or not isinstance(value, dt.date)):
            raise Refused([f"the {what} must be a date, not {type(value).__name__}"])
    # The check and the letters from one snapshot: no letter is made from a record other
    # than the one the check found sound, and the index stamps the tip it verified.
    record = require_ready_record(db, reference)
    audit_tip = record.audit_tip
    letters = letters_of(
        record.data, letter_date, notice_date, send_date=send_date, holidays=holidays
    )
    if not letters:
        raise Refused([f"{reference} has no bids to write letters for"])
    regime = letters[0].regime
    notes = sorted({w for letter in letters for w in letter.warnings})
    notes[:0] = _date_notes(regime, letter_date, notice_date, send_date, today)
    if regime.under_act:
        notice_date = letter_date if notice_date is None else notice_date
        send_date = None
    else:
        notice_date = None
        send_date = letter_date if send_date is None else send_date
    if logo is not None:
        from svdesk.documents.letter_pdf import check_logo

        check_logo(Path(logo))
    if "pdf" in chosen:
        from svdesk.documents.fonts import register_fonts

        try:
            register_fonts()
        except RuntimeError as exc:  # the font is not installed: say which, and how
            raise Refused([str(exc)]) from None
    if language is None:
        language = LetterLanguage.default_for(letters[0].regime)
    language = LetterLanguage(language)
    templates = LetterTemplates(template_folder)
    templates.check({letter.regime for letter in letters}, language)
    stems = unique_stems(letters)
    out_dir = Path(out_dir)
    _check_target(out_dir, replace, [f"{s}.{f}" for s in stems for f in chosen])
    staging = _staging_folder(out_dir)
    try:
        files = _draw(letters, stems, staging, chosen, templates, language, logo, progress)
        written = tuple(
            WrittenLetter(
                letter.lot,
                letter.addressee.bidder,
                letter.addressee.name,
                letter.kind,
                letter.rank,
                letter.total,
                letter_files,
            )
            for letter, letter_files in zip(letters, files, strict=True)
        )
        dated = Dated(None if letters[0].regime.under_act else send_date or letter_date, language)
        _write_index(staging / INDEX, written, letters[0], chosen, audit_tip, dated)
        superseded = _publish(staging, out_dir, replace)
        if holidays is not None:
            keep_holidays(db, reference, holidays)
    except OSError as exc:
        if is_disk_full(exc):
            raise Refused([disk_full(out_dir)]) from None
        raise Refused([f"The letters could not be written to {out_dir}: {_reason(exc)}"]) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return LetterBatch(
        reference=letters[0].reference,
        folder=out_dir,
        letter_date=letter_date,
        notice_date=notice_date,
        standstill_ends=letters[0].standstill.ends,
        standstill_ends_at=letters[0].standstill.ends_at,
        letters=written,
        index=out_dir / INDEX,
        superseded=superseded,
        notes=tuple(notes),
        audit_tip=audit_tip,
        send_date=send_date,
        holidays=Holidays(letters[0].standstill.holidays),
        language=language,
    )


def _date_notes(
    regime: Regime,
    letter_date: dt.date,
    notice_date: dt.date | None,
    send_date: dt.date | None,
    today: dt.date,
) -> list[str]:
    """What the user must know about the dates: one ignored, or one already past."""
    notes = []
    if regime.under_act:
        if send_date is not None:
            notes.append(
                f"The send date was ignored: under the {regime.law} the standstill period "
                "runs from the day the contract award notice is published (the notice date)."
            )
        return notes
    if notice_date is not None:
        notes.append(
            f"The notice date was ignored: under the {regime.law} the standstill period runs "
            "from the day the letters are sent (the send date, by default the letter date)."
        )
    sent = letter_date if send_date is None else send_date
    if today > sent:
        notes.append(
            f"Warning: these letters say they are sent on {long_date(sent)}, but they were "
            f"written on {long_date(today)}. If they are sent later than the date they "
            "carry, the standstill period ends later than they state: write them again "
            "with the day they will really be sent."
        )
    return notes


def _formats(formats: Sequence[str] | str) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = formats.split(",")
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in formats if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise Refused(
            [f"unknown letter format {', '.join(unknown) or '(none)'}: choose pdf, docx or both"]
        )
    return chosen


def ascii_fold(text: str) -> str:
    """``Zoë Łukasz`` -> ``Zoe Lukasz``: accents dropped, letters kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def safe_part(text: str, limit: int = 40) -> str:
    """A piece of a file name that every system accepts: letters, digits and hyphens."""
    part = re.sub(r"[^A-Za-z0-9]+", "-", ascii_fold(text)).strip("-")
    if len(part) > limit:
        cut = part[:limit]
        part = (cut.rsplit("-", 1)[0] if "-" in cut[limit // 2 :] else cut).strip("-")
    return part or "x"


def file_stem(lot: str, bidder: str, name: str) -> str:
    """``1-B02-Greenway-Mobility-CIC``: safe on Windows (no reserved name or character)."""
    stem = f"{safe_part(lot, 12)}-{safe_part(bidder, 16)}-{safe_part(name, 40)}"[:MAX_STEM]
    stem = stem.rstrip("-. ")
    return f"_{stem}" if stem.split(".")[0].upper() in _RESERVED else stem


def unique_stems(letters: Iterable[LetterContent]) -> list[str]:
    stems: list[str] = []
    seen: set[str] = set()
    for letter in letters:
        stem = base = file_stem(letter.lot, letter.addressee.bidder, letter.addressee.name)
        n = 2
        while stem.casefold() in seen:
            stem, n = f"{base}-{n}", n + 1
        seen.add(stem.casefold())
        stems.append(stem)
    return stems


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _check_target(out_dir: Path, replace: bool, names: list[str]) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise Refused([f"The letters cannot be written to {out_dir}: it is a file, not a folder"])
    if not out_dir.is_dir():
        return
    if (out_dir / INDEX).exists():
        if not replace:
            raise LettersExist(
                str(out_dir),
                f"{out_dir} already holds a batch of letters ({INDEX}); it was not "
                "overwritten. Choose another folder, or replace the batch (the old one "
                f"is kept in {out_dir / (SUPERSEDED + '<time>')}).",
            )
        return
    clashes = [name for name in names if (out_dir / name).exists()]
    if clashes:
        raise Refused([f"{out_dir} already holds {', '.join(clashes)}; it was not overwritten"])


def _staging_folder(out_dir: Path) -> Path:
    parent = out_dir.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        remove_stale(parent)  # the staging folders of killed runs
        return Path(tempfile.mkdtemp(prefix=temporary_prefix(out_dir), dir=parent))
    except OSError as exc:
        raise Refused([f"The letters cannot be written to {out_dir}: {_reason(exc)}"]) from None


def _drawing_pool(files: int, formats: tuple[str, ...]) -> DrawingPool | None:
    """Worker processes for a batch of ``files`` files, started now; None to draw here."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if files < PARALLEL_FROM or workers < 2:
        return None
    # (A frozen build can start workers because svdesk/__main__.py, its entry point, calls
    # multiprocessing.freeze_support(); without that a worker would start the app again.)
    return DrawingPool(workers, formats)


def _draw(
    letters: list[LetterContent],
    stems: list[str],
    staging: Path,
    formats: tuple[str, ...],
    templates: LetterTemplates,
    language: LetterLanguage,
    logo: Path | None,
    progress: Progress | None,
) -> list[Files]:
    """Fill in each letter's template and draw it into ``staging``.

    A large batch starts its workers once the first letter is filled in (a user's template
    that fails has then refused before any worker starts), and hands each letter to them
    as soon as it is filled in: the workers start, and then draw, while the rest are
    filled in. They are gone when this returns or raises (stopped at once when it raises),
    so that none still writes into the staging folder."""
    logo_text = None if logo is None else str(Path(logo).absolute())
    jobs: list[Job] = []
    pool = None
    try:
        for letter, stem in zip(letters, stems, strict=True):
            jobs.append(
                (templates.render(letter, language), str(staging), stem, formats, logo_text)
            )
            if len(jobs) == 1:
                pool = _drawing_pool(len(stems) * len(formats), formats)
            if pool is not None:
                pool.add(jobs[-1])
        if pool is None:
            return draw_here(jobs, progress)
        files = pool.files(progress)
    except BaseException:  # a refusal, a failure, a cancel: not a moment longer
        if pool is not None:
            pool.stop()
        raise
    pool.close()
    return files


def _write_index(
    path: Path,
    letters: tuple[WrittenLetter, ...],
    first: LetterContent,
    formats: tuple[str, ...],
    audit_tip: TrailTip | None,
    dated: Dated,
) -> None:
    header = ["lot", "bidder", "name", "outcome", "rank", "total"]
    for fmt in formats:
        header += [f"{fmt}_file", f"{fmt}_sha256"]
    header += ["standstill_ends", "standstill_ends_at", "audit_trail_tip"]
    # What the standstill end was counted from, so that the index alone shows it.
    header += ["letter_date", "notice_date", "send_date", "holidays", "language"]
    # UTF-8 with a byte order mark, so that Excel shows "Zoë" rather than "ZoÃ«".
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_field(value) for value in header])
        for letter in letters:
            row = [
                letter.lot,
                letter.bidder,
                letter.name,
                letter.outcome.value,
                "" if letter.rank is None else str(letter.rank),
                letter.total,
            ]
            by_format = {f.format: f for f in letter.files}
            for fmt in formats:
                row += [by_format[fmt].name, by_format[fmt].sha256]
            row += [first.standstill.ends, first.standstill.ends_at.isoformat()]
            row.append("" if audit_tip is None else str(audit_tip))
            row += [
                first.letter_date.isoformat(),
                ""
                if first.standstill.notice_on is None
                else first.standstill.notice_on.isoformat(),
                "" if dated.send_date is None else dated.send_date.isoformat(),
                first.standstill.holidays,
                dated.language.value,
            ]
            writer.writerow([csv_field(value) for value in row])  # "=cmd|..." stays text


def _publish(staging: Path, out_dir: Path, replace: bool) -> Path | None:
    """Move the finished batch into ``out_dir``; returns where an older batch went."""
    if not out_dir.exists():
        staging.rename(out_dir)  # one step: the folder appears complete or not at all
        return None
    aside: list[str] = []
    superseded = None
    if replace and (out_dir / INDEX).exists():
        superseded = _superseded_folder(out_dir)
        for entry in sorted(out_dir.iterdir()):
            if not entry.name.startswith(SUPERSEDED):
                entry.rename(superseded / entry.name)
                aside.append(entry.name)
    moved: list[str] = []
    try:
        clashes = [p.name for p in staging.iterdir() if (out_dir / p.name).exists()]
        if clashes:
            raise Refused(
                [f"{out_dir} already holds {', '.join(sorted(clashes))}; it was not overwritten"]
            )
        # index.csv goes last: a folder with an index holds the whole batch.
        for entry in sorted(staging.iterdir(), key=lambda p: (p.name == INDEX, p.name)):
            os.replace(entry, out_dir / entry.name)
            moved.append(entry.name)
    except (OSError, Refused):
        for name in reversed(moved):
            os.replace(out_dir / name, staging / name)
        if superseded is not None:
            for name in aside:
                (superseded / name).rename(out_dir / name)
            superseded.rmdir()
        raise
    return superseded


def _superseded_folder(out_dir: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = out_dir / f"{SUPERSEDED}{stamp}"
    n = 2
    while folder.exists():
        folder, n = out_dir / f"{SUPERSEDED}{stamp}-{n}", n + 1
    folder.mkdir()
    return folder
