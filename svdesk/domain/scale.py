"""The scoring scale: the scores an evaluator may give, each with what it means."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    score: int
    label: str
    descriptor: str


@dataclass(frozen=True, slots=True)
class Scale:
    """Allowed scores, lowest first. The highest score is the maximum a response can earn."""

    levels: tuple[ScaleLevel, ...]
    # Each score's step on the scale (0 for the lowest), worked out once: moderation asks
    # it of every score of every response.
    _steps: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.levels:
            raise ValueError("a scale needs at least one score")
        ordered = tuple(sorted(self.levels, key=lambda level: level.score))
        if len({level.score for level in ordered}) != len(ordered):
            raise ValueError("the scores of a scale must be distinct")
        object.__setattr__(self, "levels", ordered)
        object.__setattr__(self, "_steps", {level.score: i for i, level in enumerate(ordered)})

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(self._steps)

    def step(self, score: int) -> int | None:
        """The score's step on the scale (0 for the lowest); None if it is not a score of it."""
        return self._steps.get(score)

    @property
    def max_score(self) -> int:
        return self.levels[-1].score

    @property
    def min_score(self) -> int:
        return self.levels[0].score

    def contains(self, score: int) -> bool:
        return score in self._steps

    def level(self, score: int) -> ScaleLevel | None:
        for level in self.levels:
            if level.score == score:
                return level
        return None

    def describe(self) -> str:
        """``0, 20, 40, 60, 80 or 100``: the scores as a person would list them."""
        scores = [str(score) for score in self.scores]
        if len(scores) == 1:
            return scores[0]
        return ", ".join(scores[:-1]) + " or " + scores[-1]
