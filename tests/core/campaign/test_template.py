"""Notify-style templates: ((placeholders)) filled, missing values refused before sending."""

from __future__ import annotations

import pytest

from linewatch.core.campaign import TemplateError, fill, missing_placeholders, placeholders

TEMPLATE = "Free, confidential help: ((service_name)) on ((service_phone)). Reply STOP to opt out."


def test_placeholders_are_filled_ignoring_case_and_spaces() -> None:
    values = {"Service_Name ": "Turning Point", "service_phone": "0116 000 0000"}
    assert fill(TEMPLATE, values).startswith("Free, confidential help: Turning Point on 0116")


def test_a_missing_value_is_named() -> None:
    assert missing_placeholders(TEMPLATE, {"service_name": "X"}) == ["service_phone"]
    with pytest.raises(TemplateError, match=r"\(\(service_phone\)\)"):
        fill(TEMPLATE, {"service_name": "X"})


def test_placeholders_are_listed_once_in_order() -> None:
    assert placeholders("((a)) ((b)) ((A))") == ["a", "b"]
