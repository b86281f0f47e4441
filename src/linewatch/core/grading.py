"""3x5x2 intelligence grading (College of Policing APP, Intelligence management).

Source evaluation 1-3, intelligence assessment A-E, handling code P or C. A report graded C
must carry its handling conditions. The legacy 5x5x5 scheme is a different scale (letters and
numbers swap roles) and is never mapped onto this one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "HANDLING_CODES",
    "INTELLIGENCE_ASSESSMENTS",
    "SOURCE_EVALUATIONS",
    "Grade",
    "GradingError",
    "parse_grade",
    "validate_grading",
]

SOURCE_EVALUATIONS = {"1": "Reliable", "2": "Untested", "3": "Not reliable"}
INTELLIGENCE_ASSESSMENTS = {
    "A": "Known directly to the source",
    "B": "Known indirectly to the source but corroborated",
    "C": "Known indirectly to the source",
    "D": "Not known to the source",
    "E": "Suspected to be false",
}
HANDLING_CODES = {"P": "Lawful sharing permitted", "C": "Lawful sharing permitted with conditions"}


class GradingError(ValueError):
    """Every problem with a grading, collected, each tied to the field it concerns."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))

    def by_field(self) -> dict[str, list[str]]:
        fields: dict[str, list[str]] = {}
        for name, message in self.problems:
            fields.setdefault(name, []).append(message)
        return fields


@dataclass(frozen=True)
class Grade:
    """A complete 3x5x2 grade."""

    source_evaluation: str
    intelligence_assessment: str
    handling_code: str
    handling_conditions: str = ""

    def __str__(self) -> str:
        return f"{self.source_evaluation}{self.intelligence_assessment}{self.handling_code}"


def validate_grading(
    source_evaluation: str | None,
    intelligence_assessment: str | None,
    handling_code: str | None,
    handling_conditions: str = "",
) -> Grade | None:
    """Check a grading; return the :class:`Grade`, or ``None`` for a report not yet graded.

    >>> str(validate_grading("1", "A", "P"))
    '1AP'
    """
    given = [v for v in (source_evaluation, intelligence_assessment, handling_code) if v]
    if not given:
        return None
    problems: list[tuple[str, str]] = []
    if source_evaluation not in SOURCE_EVALUATIONS:
        problems.append(
            (
                "source_evaluation",
                f"Source evaluation {source_evaluation or '(blank)'!s} must be 1 (reliable), "
                "2 (untested) or 3 (not reliable)",
            )
        )
    if intelligence_assessment not in INTELLIGENCE_ASSESSMENTS:
        problems.append(
            (
                "intelligence_assessment",
                f"Intelligence assessment {intelligence_assessment or '(blank)'!s} must be "
                "A, B, C, D or E",
            )
        )
    if handling_code not in HANDLING_CODES:
        problems.append(
            (
                "handling_code",
                f"Handling code {handling_code or '(blank)'!s} must be P (sharing permitted) or "
                "C (sharing with conditions)",
            )
        )
    conditions = (handling_conditions or "").strip()
    if handling_code == "C" and not conditions:
        problems.append(
            (
                "handling_conditions",
                "Handling code C needs its handling conditions: say how the intelligence may be "
                "shared and acted on",
            )
        )
    if problems:
        raise GradingError(problems)
    assert source_evaluation
    assert intelligence_assessment
    assert handling_code
    return Grade(source_evaluation, intelligence_assessment, handling_code, conditions)


def parse_grade(text: str, handling_conditions: str = "") -> Grade:
    """Read a grade string such as ``1AP``, ``[3CC]`` or ``2 B P``."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(compact) != 3:
        raise GradingError([("grade", f"{text!r} is not a 3x5x2 grade such as 1AP or 2BC")])
    grade = validate_grading(compact[0], compact[1], compact[2], handling_conditions)
    assert grade is not None
    return grade
