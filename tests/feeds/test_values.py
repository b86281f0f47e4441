"""Value parsers: examples of each message, and round trips found by hypothesis."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linewatch.feeds import ColumnSpec, InvalidValue, PartialDate
from linewatch.feeds.values import (
    build_parser,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_easting,
    parse_latitude,
    parse_longitude,
    parse_month,
    parse_partial_date,
    parse_phone,
    parse_postcode,
    parse_ref,
    parse_vrm,
    text_parser,
)


def column(type_: str, **kwargs: object) -> ColumnSpec:
    return ColumnSpec("c", type_, False, "test", **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("parse", "text", "message"),
    [
        (
            parse_date,
            "31/02/2020",
            "'31/02/2020' is not a real date (expected DD/MM/YYYY or YYYY-MM-DD)",
        ),
        (parse_date, "2020/1/1", "'2020/1/1' is not a date"),
        (parse_phone, "0770 090", "'0770 090' is not a valid phone number"),
        (parse_postcode, "LE99 9ZZZ", "'LE99 9ZZZ' is not a UK postcode"),
        (parse_longitude, "12.5", "longitude 12.5 is outside the UK (-8.7 to 1.8)"),
        (parse_latitude, "nan", "'nan' is not a latitude"),
        (parse_easting, "800000", "easting 800000 is outside Great Britain"),
        (parse_month, "2020-13", "'2020-13' is not a month (expected YYYY-MM)"),
        (parse_bool, "maybe", "'maybe' is not true or false"),
        (parse_vrm, "NOT A CAR", "is not a UK vehicle registration"),
        (parse_ref, "has space", "is not a reference"),
        (parse_datetime, "2021-03-28 01:30 +25:00", "is not a real date and time"),
    ],
)
def test_messages_name_the_value_and_what_was_expected(parse, text, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidValue) as caught:
        parse(text)
    assert message in str(caught.value)


def test_naive_datetimes_are_london_time() -> None:
    assert parse_datetime("2021-07-01 12:00") == datetime(2021, 7, 1, 11, 0, tzinfo=UTC)
    assert parse_datetime("01/01/2021 12:00") == datetime(2021, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_datetime("2021-07-01T12:00:00Z").hour == 12
    assert parse_datetime("2021-07-01T12:00:00.5+02:00") == datetime(
        2021, 7, 1, 10, 0, 0, 500000, tzinfo=UTC
    )


def test_partial_dates() -> None:
    assert parse_partial_date("1990") == PartialDate(1990)
    assert parse_partial_date("05/1990").isoformat() == "1990-05"
    assert parse_partial_date("1990-05").latest() == date(1990, 5, 31)
    assert parse_partial_date("17.05.1990").isoformat() == "1990-05-17"
    with pytest.raises(InvalidValue, match="not a real date"):
        parse_partial_date("1990-13")


def test_enum_matches_case_and_spacing_and_returns_spec_spelling() -> None:
    parse = build_parser(column("enum", choices=("Anti-social behaviour", "drug_related")))
    assert parse("anti social BEHAVIOUR") == "Anti-social behaviour"
    assert parse("Drug-related") == "drug_related"
    with pytest.raises(InvalidValue, match="is not one of: Anti-social behaviour, drug_related"):
        parse("burglary")


def test_numbers_respect_bounds() -> None:
    parse = build_parser(column("decimal", min=Decimal(0)))
    assert parse("14.5") == Decimal("14.5")
    with pytest.raises(InvalidValue, match="below the minimum 0"):
        parse("-1")
    with pytest.raises(InvalidValue, match="not a number"):
        parse("1e3")


def test_text_keeps_html_and_rejects_controls() -> None:
    parse = text_parser()
    assert parse(" <b>bold</b>\tand\nmore ") == "<b>bold</b>\tand\nmore"
    with pytest.raises(InvalidValue, match="control character '\\\\x00' at position 2"):
        parse("a\x00b")
    with pytest.raises(InvalidValue, match="the most is 3"):
        text_parser(3)("abcd")


def test_lists_drop_blanks_and_duplicates() -> None:
    parse = build_parser(column("phone_list"))
    assert parse("07700 900123; ;+447700900123;0116 496 0123") == ["+447700900123", "+441164960123"]
    with pytest.raises(InvalidValue, match="item 2: 'x' is not a valid phone number"):
        parse("07700900123;x")


# -- property-based ---------------------------------------------------------------------

uk_mobiles = st.integers(0, 999).map(lambda n: f"7700900{n:03d}")
leicester_landlines = st.integers(0, 999).map(lambda n: f"1164960{n:03d}")


@given(st.one_of(uk_mobiles, leicester_landlines), st.integers(0, 5))
def test_phone_formats_all_normalise_to_the_same_e164(national: str, style: int) -> None:
    digits = "0" + national
    written = [
        digits,
        f"{digits[:5]} {digits[5:]}",
        f"+44 {national[:4]} {national[4:]}",
        f"0044{national}",
        f"({digits[:5]}) {digits[5:8]}-{digits[8:]}",
        f"+44 (0){national}",
    ][style]
    assert parse_phone(written) == "+44" + national


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@given(dates)
def test_every_accepted_date_format_parses_back(day: date) -> None:
    for written in (
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day.year}",
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
    ):
        assert parse_date(written) == day
        assert parse_partial_date(written) == PartialDate(day.year, day.month, day.day)


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2099, 12, 30), timezones=st.just(UTC)
    )
)
def test_every_accepted_datetime_format_parses_back(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    assert parse_datetime(moment.isoformat()) == moment
    assert parse_datetime(moment.strftime("%Y-%m-%dT%H:%M:%SZ")) == moment
    local = moment.astimezone(UTC) + timedelta(0)
    assert parse_datetime(local.strftime("%Y-%m-%d %H:%M:%S+00:00")) == moment


@given(st.text(max_size=60))
def test_parsers_return_or_raise_invalid_value_only(text: str) -> None:
    for type_ in (
        "text",
        "ref",
        "date",
        "partial_date",
        "datetime",
        "month",
        "integer",
        "decimal",
        "postcode",
        "phone",
        "phone_list",
        "vrm",
        "vrm_list",
        "text_list",
        "latitude",
        "longitude",
        "easting",
        "northing",
        "bool",
    ):
        with contextlib.suppress(InvalidValue):
            build_parser(column(type_))(text)


@given(st.from_regex(r"[A-Z]{2}[0-9]{2} ?[A-Z]{3}", fullmatch=True))
def test_vrm_ignores_spacing_and_case(vrm: str) -> None:
    assert parse_vrm(vrm.lower()) == vrm.replace(" ", "")
