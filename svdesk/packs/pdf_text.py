"""The text of a PDF, page by page, within the budget's pages and characters.

Pages that draw the same content with the same resources have the same text, which is
read once: a small file can make thousands of pages of one long content stream, and
reading that stream again for every page would take hours.
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from svdesk.packs.text_budget import TextBudget, too_long
from svdesk.packs.text_result import Unreadable

_MAX_KEY_PARTS = 2_000  # a page's resources bigger than this are not compared


def pdf_text(data: bytes, budget: TextBudget) -> tuple[str, str]:
    """(the PDF's text, why it is cut short or ''); raises Unreadable."""
    if b"%PDF-" not in data[:1024]:  # the header may follow a little junk
        raise Unreadable("it is not a PDF file (was it renamed?)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise Unreadable("it is password-protected; send it without a password")
        pages = reader.pages
        count = len(pages)
    except (Unreadable, MemoryError):
        raise
    except (DependencyError, FileNotDecryptedError, NotImplementedError) as exc:
        raise Unreadable(f"its encryption cannot be opened ({exc})") from exc
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise Unreadable(_damaged("it is damaged", exc)) from exc
    if count == 0:
        raise Unreadable("it has no pages")
    texts: list[str] = []
    read: dict[Hashable, str] = {}
    size, shortfall = 0, ""
    for number in range(min(count, budget.pdf_pages)):
        try:
            page = pages[number]
            key = _page_key(page)
            text = read.get(key) if key is not None else None
            if text is None:
                text = (page.extract_text() or "").strip("\n")
                if key is not None:
                    read[key] = text
        except MemoryError:
            raise
        except Exception as exc:  # as above: a damaged page must not lose text silently
            raise Unreadable(_damaged(f"page {number + 1} is damaged", exc)) from exc
        if text.strip():
            texts.append(text)
            size += len(text) + 2
        if size > 2 * budget.characters:  # twice: tidying removes blank space
            shortfall = too_long(budget)
            break
    if not shortfall and count > budget.pdf_pages:
        shortfall = f"it has {count:,} pages, more than the {budget.pdf_pages:,} svdesk reads"
    return "\n\n".join(texts), shortfall


def _damaged(what: str, exc: Exception) -> str:
    """``what``, with pypdf's own words on the damage when it gave any (on one line)."""
    detail = " ".join(str(exc).split())[:200]
    return f"{what} ({detail})" if detail else what


def _page_key(page: DictionaryObject) -> Hashable | None:
    """What a page's text depends on: its content streams (by object number), its
    resources and rotation (by value). None when too big to compare."""
    parts = [0]
    key = tuple(
        _shape(page.raw_get(name) if name in page else None, parts)
        for name in ("/Contents", "/Resources", "/Rotate")
    )
    return key if parts[0] <= _MAX_KEY_PARTS else None


def _shape(value: Any, parts: list[int]) -> Hashable:
    parts[0] += 1
    if parts[0] > _MAX_KEY_PARTS:
        return None
    if isinstance(value, IndirectObject):  # the same object: not resolved, not compared
        return ("ref", value.idnum, value.generation)
    if isinstance(value, DictionaryObject):
        return ("dict", *((str(k), _shape(value.raw_get(k), parts)) for k in sorted(value)))
    if isinstance(value, ArrayObject):
        return ("array", *(_shape(item, parts) for item in value))
    return (type(value).__name__, repr(value))
