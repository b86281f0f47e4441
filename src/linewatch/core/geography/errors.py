"""Domain errors raised by :mod:`linewatch.core.geography`.

Every message names the bad value and what was expected, so the web layer can show it as is.
The names say what went wrong in the users' words (``UnknownPostcode``), so they carry no
``Error`` suffix; ``GeographyError`` is the family to catch.
"""

from __future__ import annotations

from collections.abc import Iterable


class GeographyError(ValueError):
    """Base class for every geography error; ``problems`` lists each problem found."""

    def __init__(self, message: str, problems: Iterable[str] = ()) -> None:
        self.problems: tuple[str, ...] = tuple(problems) or (message,)
        super().__init__(message)


class UnknownAuthority(GeographyError):
    """A local authority code or name that is not one of the nine LLR authorities."""


class InvalidPostcode(GeographyError):
    """Text that is not in the UK postcode format."""


class UnknownPostcode(GeographyError):
    """A well-formed postcode that is not in the packaged Code-Point Open extract."""


class UnknownArea(GeographyError):
    """A ward, LSOA or town code or name that is not in the packaged LLR data."""


class CoordinatesOutOfBounds(GeographyError):
    """Coordinates that are not finite or lie outside the United Kingdom bounding box."""


class NpaConfigurationError(GeographyError):
    """A neighbourhood policing area mapping that is malformed or incomplete."""
