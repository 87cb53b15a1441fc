"""Writing a batch of letters: refusals, file names, the index, and never a half batch."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

import svdesk.documents.letter_batch as letters_service
import svdesk.documents.letter_drawing as letter_drawing
from svdesk.documents.letter_batch import file_stem, safe_part, write_letters
from svdesk.services.demo import create_demo, demo_folder
from svdesk.services.refusals import Refused
from svdesk.store.database import Database, open_database
from tests.support.letter_tenders import CONSENSUS, REF, make_tender

LETTER_DATE = dt.date(2026, 12, 21)
EXPECTED = [
    "1-B02-Beta-Services-plc",
    "1-B01-Alpha-Grounds-Ltd",
    "1-B03-Gamma-Laki-Ltd",
    "1-B04-Delta-and-Sons-Ltd",
    "2-B02-Beta-Services-plc",
]


@pytest.fixture(scope="module")
def act(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return make_tender(tmp_path_factory.mktemp("act"))


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_writes_every_letter_and_an_index(act: Database, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    seen: list[tuple[int, int, str]] = []
    batch = write_letters(
        act,
        REF,
        out,
        LETTER_DATE,
        formats=("pdf", "docx"),
        progress=lambda done, total, name: seen.append((done, total, name)),
    )
    assert listing(out) == sorted(
        [f"{stem}.{fmt}" for stem in EXPECTED for fmt in ("pdf", "docx")] + ["index.csv"]
    )
    assert [(d, t) for d, t, _ in seen] == [(n, 5) for n in range(1, 6)]
    assert batch.standstill_ends == "midnight at the end of Tuesday 5 January 2027"
    assert batch.notice_date == LETTER_DATE
    assert batch.superseded is None
    with (out / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [
        (r["lot"], r["bidder"], r["name"], r["outcome"], r["rank"], r["total"]) for r in rows
    ] == [
        ("1", "B02", "Beta Services plc", "successful", "1", "80.00"),
        ("1", "B01", "Alpha Grounds Ltd", "unsuccessful", "2", "78.00"),
        ("1", "B03", "Gamma Łąki Ltd", "below-minimum", "", "82.00"),
        ("1", "B04", "Delta & Sons Ltd", "excluded", "", ""),
        ("2", "B02", "Beta Services plc", "successful", "1", "73.50"),
    ]
    for row, stem in zip(rows, EXPECTED, strict=True):
        for fmt in ("pdf", "docx"):
            assert row[f"{fmt}_file"] == f"{stem}.{fmt}"
            digest = hashlib.sha256((out / row[f"{fmt}_file"]).read_bytes()).hexdigest()
            assert row[f"{fmt}_sha256"] == digest
        assert row["standstill_ends"] == "midnight at the end of Tuesday 5 January 2027"
        assert row["standstill_ends_at"] == "2027-01-06T00:00:00+00:00"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".letters")]


def test_file_names_are_safe_on_windows() -> None:
    assert file_stem("1", "B02", "Zoë's Café & Bar Ltd.") == "1-B02-Zoe-s-Cafe-and-Bar-Ltd"
    assert file_stem("North/South", "B:1", 'Łukasz <Nowak> "plc" | ? *') == (
        "North-South-B-1-Lukasz-Nowak-plc"
    )
    assert file_stem("CON", "AUX", "NUL") == "CON-AUX-NUL"  # not a device name as a whole
    assert safe_part("con") == "con"
    assert file_stem("", "", "...") == "x-x-x"
    long = file_stem("1", "B01", "A very long company name " * 10)
    assert len(long) <= 80
    assert not long.endswith(("-", ".", " "))
    assert letters_service.ascii_fold("Zoë Ó Súilleabháin, Łódź, Straße") == (
        "Zoe O Suilleabhain, Lodz, Strasse"
    )
    for name in (file_stem("1", "B01", n) for n in ("CON", "prn.txt", "Ærø. ", "com1")):
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", name), name
        assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}


@given(lot=st.text(max_size=30), bidder=st.text(max_size=30), name=st.text(max_size=120))
def test_any_names_make_a_file_name_safe_everywhere(lot: str, bidder: str, name: str) -> None:
    stem = file_stem(lot, bidder, name)
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9-]*", stem), stem
    assert len(stem) <= letters_service.MAX_STEM + 1
    assert stem.upper() not in letters_service._RESERVED


def test_refused_while_the_check_fails_and_nothing_is_written(tmp_path: Path) -> None:
    unmoderated = dict(CONSENSUS)
    del unmoderated[("1", "B01", "SV2")]
    db = make_tender(tmp_path, consensus=unmoderated)
    out = tmp_path / "letters"
    with pytest.raises(Refused) as refused:
        write_letters(db, REF, out, LETTER_DATE)
    reasons = refused.value.reasons
    assert reasons[0].startswith(f"{REF} is not ready for letters")
    assert "Lot 1, B01, SV2: no moderated score and rationale yet" in reasons
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".letters")]


def test_dates_are_checked(act: Database, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    with pytest.raises(Refused, match="before the letter date"):
        write_letters(act, REF, out, LETTER_DATE, notice_date=dt.date(2026, 12, 20))
    assert not out.exists()
    with pytest.raises(Refused, match="must be a date"):
        write_letters(act, REF, out, dt.datetime(2026, 12, 21, 9, 0))
    later = write_letters(act, REF, out, LETTER_DATE, notice_date=dt.date(2026, 12, 22))
    assert later.standstill_ends == "midnight at the end of Wednesday 6 January 2027"
    assert "Wednesday 6 January 2027" in pdf_text(out / "1-B01-Alpha-Grounds-Ltd.pdf")


def test_a_notice_date_is_ignored_with_a_note_under_pcr(tmp_path: Path) -> None:
    db = make_tender(tmp_path, "pcr-2015")
    batch = write_letters(db, REF, tmp_path / "out", LETTER_DATE, notice_date=dt.date(2027, 1, 4))
    assert batch.notice_date is None
    assert batch.notes[0].startswith("The notice date was ignored")
    assert batch.standstill_ends == "midnight at the end of Thursday 31 December 2026"


def test_an_unwritable_folder_is_refused(act: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(Refused) as refused:
        write_letters(act, REF, blocker / "letters", LETTER_DATE)
    assert refused.value.reasons[0].startswith(f"The letters cannot be written to {blocker}")
    with pytest.raises(Refused, match="it is a file, not a folder"):
        write_letters(act, REF, blocker, LETTER_DATE)


def test_an_existing_batch_is_never_overwritten(act: Database, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    write_letters(act, REF, out, LETTER_DATE)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(Refused, match="already holds a batch of letters"):
        write_letters(act, REF, out, dt.date(2026, 12, 22))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    batch = write_letters(act, REF, out, dt.date(2026, 12, 22), replace=True)
    assert batch.superseded is not None
    assert batch.superseded.parent == out
    assert batch.superseded.name.startswith("superseded-")
    assert {p.name: p.read_bytes() for p in batch.superseded.iterdir()} == before
    assert (out / "index.csv").read_bytes() != before["index.csv"]
    again = write_letters(act, REF, out, dt.date(2026, 12, 23), replace=True)
    assert again.superseded != batch.superseded
    assert batch.superseded.exists()  # earlier superseded batches stay where they are


def test_stray_files_of_the_same_name_are_not_overwritten(act: Database, tmp_path: Path) -> None:
    out = tmp_path / "letters"
    out.mkdir()
    (out / "1-B01-Alpha-Grounds-Ltd.pdf").write_text("mine", encoding="utf-8")
    with pytest.raises(Refused, match=r"1-B01-Alpha-Grounds-Ltd\.pdf; it was not overwritten"):
        write_letters(act, REF, out, LETTER_DATE)
    assert listing(out) == ["1-B01-Alpha-Grounds-Ltd.pdf"]


def test_a_failure_part_way_leaves_nothing_behind(
    act: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = letter_drawing.render_files
    calls = []

    def failing(job: letter_drawing.Job) -> letter_drawing.Files:
        calls.append(job)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(job)

    monkeypatch.setattr(letter_drawing, "render_files", failing)
    out = tmp_path / "letters"
    with pytest.raises(Refused, match=r"the disk is full: svdesk could not write .*letters; "):
        write_letters(act, REF, out, LETTER_DATE)
    assert listing(tmp_path) == []


def test_bad_formats_templates_and_logos_are_refused_before_writing(
    act: Database, tmp_path: Path
) -> None:
    out = tmp_path / "letters"
    with pytest.raises(Refused, match="unknown letter format odt"):
        write_letters(act, REF, out, LETTER_DATE, formats=("pdf", "odt"))
    mine = tmp_path / "mine" / "procurement-act-2023"
    mine.mkdir(parents=True)
    (mine / "letter.md.j2").write_text("# Title\n{% if %}\n", encoding="utf-8")
    with pytest.raises(Refused, match=r"letter\.md\.j2 has an error at line 2"):
        write_letters(act, REF, out, LETTER_DATE, template_folder=tmp_path / "mine")
    logo = tmp_path / "logo.png"
    logo.write_text("not a picture", encoding="utf-8")
    with pytest.raises(Refused, match="is not an image"):
        write_letters(act, REF, out, LETTER_DATE, logo=logo)
    assert not out.exists()
    batch = write_letters(act, REF, out, LETTER_DATE, formats="docx")
    assert {f.format for letter in batch.letters for f in letter.files} == {"docx"}


def test_a_user_template_cannot_reach_python_and_nothing_is_written(
    act: Database, tmp_path: Path
) -> None:
    mine = tmp_path / "mine" / "shared"
    mine.mkdir(parents=True)
    marker = tmp_path / "ran"
    (mine / "closing.md.j2").write_text(
        f"Yours faithfully,\n\n{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "letters"
    with pytest.raises(Refused) as refused:
        write_letters(act, REF, out, LETTER_DATE, template_folder=tmp_path / "mine")
    (reason,) = refused.value.reasons
    assert str(mine / "closing.md.j2") in reason
    assert "line 3" in reason
    assert "__init__" in reason
    assert "Traceback" not in reason
    assert not marker.exists()
    assert listing(tmp_path) == ["mine"]


def test_long_names_and_titles_fit_the_word_and_pdf_properties(tmp_path: Path) -> None:
    from docx import Document

    name = ("Alpha Grounds Maintenance and Community Landscaping Services " * 3)[:156] + " Ltd"
    title = ("Grounds maintenance of parks, verges and cemeteries across the county " * 5)[:300]
    assert (len(name), len(title)) == (160, 300)  # Companies House's longest name

    def long_names(sheets: dict[str, list[list[object]]]) -> None:
        sheets["Bidders"][1][1] = name  # B01
        sheets["Tender"][2][1] = title

    db = make_tender(tmp_path, edit=long_names)
    batch = write_letters(db, REF, tmp_path / "letters", LETTER_DATE, formats=("pdf", "docx"))
    (alpha,) = [letter for letter in batch.letters if letter.bidder == "B01"]
    docx, pdf = (batch.folder / f.name for f in sorted(alpha.files, key=lambda f: f.format))
    properties = Document(str(docx)).core_properties
    metadata = PdfReader(pdf).metadata
    assert metadata is not None
    assert properties.title == metadata.title
    assert properties.title == f"Assessment summary: TST-2026-0001 Lot 1: North – {name}"
    assert properties.subject == metadata.subject
    assert 240 < len(properties.subject) <= 255
    assert properties.subject.endswith("…")
    assert title.startswith(properties.subject.removesuffix("…"))
    assert name in pdf_text(pdf)  # the letter itself gives the name in full
    lines = PdfReader(pdf).pages[1].extract_text().splitlines()
    (running,) = [line for line in lines if line.startswith("Testshire County Council · ")]
    assert running.endswith("…")  # cut to the page's width, not drawn off its edge


def test_larger_batches_are_drawn_in_worker_processes(
    act: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(letters_service, "PARALLEL_FROM", 2)
    batch = write_letters(act, REF, tmp_path / "letters", LETTER_DATE)
    assert [p.name for p in batch.paths] == [f"{stem}.pdf" for stem in EXPECTED]
    assert "Beta Services plc" in pdf_text(batch.paths[1])


@pytest.mark.slow
def test_the_demo_letters_keep_the_panel_and_its_reconciliations_out(tmp_path: Path) -> None:
    db = open_database(tmp_path / "demo.sqlite")
    create_demo(db)
    batch = write_letters(db, "NBC-2026-0417", tmp_path / "letters", LETTER_DATE)
    evaluation = json.loads((demo_folder() / "demo_evaluation.json").read_text(encoding="utf-8"))
    panel = [member["name"] for member in evaluation["panel"]]
    assert {"Andrew Fairclough", "Rebecca Thornton"} <= set(panel)
    notes = [" ".join(c["reconciliation"].split()) for c in evaluation["consensus"]]
    justifications = [" ".join(s["justification"].split())[:60] for s in evaluation["scores"]]
    texts = {p.name: pdf_text(p) for p in batch.paths}
    assert len(texts) == 6
    for name, text in texts.items():
        assert [n for n in panel if n in text] == [], name
        assert [n[:60] for n in notes if n[:60] in text] == [], name
        assert [j for j in justifications if j in text] == [], name
    b03 = texts["1-B03-Castlegate-Transport-Group-plc.pdf"]
    assert "Moorside Passenger Services Ltd" in b03  # the winner
    assert "Greenway Mobility CIC" not in b03  # another unsuccessful bidder
    assert "Łukasz Nowak" in texts["1-B01-Moorside-Passenger-Services-Ltd.pdf"]
    assert "Zoë Ó Súilleabháin" in texts["1-B02-Greenway-Mobility-CIC.pdf"]
    excluded = texts["2-B05-Three-Dales-Accessible-Transport-Trust.pdf"]
    assert "public liability insurance of at least £10 million" in excluded
    db.close()


def test_a_missing_font_is_refused_with_what_to_install(
    act: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise RuntimeError("The DejaVu Sans font (DejaVuSans.ttf) was not found; install it")

    monkeypatch.setattr("svdesk.documents.fonts.register_fonts", missing)
    with pytest.raises(Refused, match="DejaVu Sans font"):
        write_letters(act, REF, tmp_path / "letters", LETTER_DATE)
    assert listing(tmp_path) == []
    write_letters(act, REF, tmp_path / "letters", LETTER_DATE, formats=("docx",))
