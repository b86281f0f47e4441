"""``since`` must be a real date and time: no numbers, no offsets that do not exist."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("since", "message"),
    [("0678-01-22T15:44:58+19:53", "between -14:00 and +14:00"), ("1700000000", "ISO 8601")],
)
def test_a_since_that_is_not_a_real_time_is_refused(
    api: Any, police_token: str, since: str, message: str
) -> None:
    response = api("GET", f"events?since={since.replace('+', '%2B')}", police_token)
    assert response.status_code == 422
    assert message in response.content.decode()
