"""Every lot's results, as the services work them out."""

from __future__ import annotations

from dataclasses import dataclass

from svdesk.domain.scoring import LotResult


@dataclass(frozen=True, slots=True)
class TenderResults:
    reference: str
    title: str
    lots: tuple[LotResult, ...]

    @property
    def complete(self) -> bool:
        return all(lot.complete for lot in self.lots)
