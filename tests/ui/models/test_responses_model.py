from __future__ import annotations

from svdesk.services.tenders import TenderOverview
from svdesk.ui.models.responses_model import ResponsesModel


def test_one_row_per_answer_with_what_to_know_before_reading(
    rich_overview: TenderOverview,
) -> None:
    model = ResponsesModel()
    model.set_rows(rich_overview.responses_of("1"))

    notes = {
        (
            model.data(model.index(r, ResponsesModel.BIDDER)),
            model.data(model.index(r, ResponsesModel.CRITERION)),
        ): (
            model.data(model.index(r, ResponsesModel.WORDS)),
            model.data(model.index(r, ResponsesModel.NOTE)),
        )
        for r in range(model.rowCount())
    }
    assert notes == {
        ("B01", "SV1"): ("60", "10 words over the limit"),
        ("B01", "SV2"): ("—", "No answer given"),
        ("B02", "SV1"): ("34", "Attached file"),
        ("B02", "SV2"): ("23", ""),
    }
