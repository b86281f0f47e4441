"""The register tests use the network tests' small line."""

from ..network.conftest import small_line

__all__ = ["small_line"]
