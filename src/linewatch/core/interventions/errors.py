"""One exception for every refused intervention: each problem tied to the field it concerns."""

from __future__ import annotations

__all__ = ["InterventionError"]


class InterventionError(ValueError):
    """Every problem found with an intervention, collected, each as ``(field, message)``.

    >>> error = InterventionError([("ends_on", "The end date must be on or after the start")])
    >>> error.by_field()
    {'ends_on': ['The end date must be on or after the start']}
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))

    def by_field(self) -> dict[str, list[str]]:
        fields: dict[str, list[str]] = {}
        for name, message in self.problems:
            fields.setdefault(name, []).append(message)
        return fields
