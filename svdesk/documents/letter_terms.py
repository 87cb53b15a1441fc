"""How each regime's letters cite their law and name what they are.

The words live beside the regime's letter template (``resources/letters/<regime>/terms.toml``,
and ``terms.cy.toml`` for a letter in Welsh), not in code: a council's lawyers correct a
citation by copying the file into their own template folder, as they would a template. The
provisions must agree with the standstill count (``domain/standstill.py``), which a test
checks for the bundled files.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from typing import Protocol

from svdesk.domain.model import Regime
from svdesk.services.refusals import Refused

TERMS_FILE = "terms.toml"


@dataclass(frozen=True, slots=True)
class RegimeTerms:
    """How the law behind the letter is cited, in the letter's language."""

    regime: Regime
    law: str
    document: str  # what the letter is: "Assessment summary", "Award decision notice"
    notice_provision: str  # the provision that requires the letter
    content_provision: str  # the provision that sets what it contains
    standstill_provision: str
    best_tender: str  # "most advantageous tender", "most economically advantageous tender"
    rejected: str  # what became of a tender that was not assessed: "excluded", "rejected"
    rejection_document: str  # what the letter to such a tender is
    notice_platform: str  # where the contract award notice is published
    remedies_provision: str  # where the law's remedies are
    suspension_provision: str  # proceedings before the contract is entered into suspend it
    time_limit: str  # within which proceedings must be started


_NAMES = tuple(f.name for f in dataclasses.fields(RegimeTerms) if f.name != "regime")


class TermsSource(Protocol):
    def __call__(self, name: str) -> tuple[str, str]:
        """The text of template file ``name`` and where it was read from."""
        ...


def terms_file(language: str) -> str:
    """The file of the terms in ``language`` (``en`` or ``cy``)."""
    return TERMS_FILE if language == "en" else f"terms.{language}.toml"


def read_terms(regime: Regime, language: str, source: TermsSource) -> RegimeTerms:
    """The terms of ``regime`` in ``language``, read through ``source``; refused, naming the
    file and what is wrong in it, when the file is not whole."""
    text, where = source(f"{regime.value}/{terms_file(language)}")
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Refused([f"The letter terms file {where} cannot be read: {exc}"]) from None
    missing = [name for name in _NAMES if name not in values]
    unknown = sorted(set(values) - set(_NAMES))
    problems = []
    if missing:
        problems.append(f"The letter terms file {where} lacks {', '.join(missing)}")
    if unknown:
        problems.append(
            f"The letter terms file {where} has {', '.join(unknown)}, which letters do not "
            f"use (the names it may hold: {', '.join(_NAMES)})"
        )
    not_text = [name for name in _NAMES if name in values and not isinstance(values[name], str)]
    if not_text:
        problems.append(
            f"The letter terms file {where}: {', '.join(not_text)} must be text in quotes"
        )
    if problems:
        raise Refused(problems)
    return RegimeTerms(regime, **{name: " ".join(values[name].split()) for name in _NAMES})


def bundled_terms(regime: Regime, language: str = "en") -> RegimeTerms:
    """The terms svdesk ships for ``regime`` (what a window shows before any letter)."""
    from svdesk.bundled import resource_root

    def source(name: str) -> tuple[str, str]:
        resource = resource_root().joinpath("letters", *name.split("/"))
        return resource.read_text(encoding="utf-8"), f"resources/letters/{name}"

    return read_terms(Regime(regime), language, source)
