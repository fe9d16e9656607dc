"""Addresses laid out the way each country's post reads them."""

# ruff: noqa: RUF001 (names and addresses in Greek, Cyrillic and Japanese)

from __future__ import annotations

import pytest

from keepwarm.formats.address_layout import address_lines, country_code, country_name
from keepwarm.formats.records import PostalAddress


def lines(name, home="US", **address):
    return address_lines(name, PostalAddress(**address), home)


def test_us_city_state_and_zip_share_a_line():
    assert lines(
        "Jane Doe",
        street="1600 Main St\nApt 4B",
        locality="Springfield",
        region="IL",
        postcode="62704",
        country="US",
    ) == ["Jane Doe", "1600 Main St", "Apt 4B", "Springfield, IL 62704"]


def test_uk_post_town_and_postcode_in_capitals_on_their_own_lines():
    assert lines(
        "Jane Doe",
        home="GB",
        street="10 Downing Street",
        locality="London",
        postcode="sw1a 2aa",
        country="GB",
    ) == ["Jane Doe", "10 Downing Street", "LONDON", "SW1A 2AA"]


def test_uk_written_as_uk_is_great_britain():
    assert country_code(" uk ") == "GB"
    found = lines("Jane", home="GB", street="1 High St", locality="Leeds", country="UK")
    assert "UNITED KINGDOM" not in found


def test_germany_postcode_before_the_city():
    assert lines(
        "Jürgen Müller",
        home="DE",
        street="Königstraße 5",
        locality="Stuttgart",
        region="Baden-Württemberg",
        postcode="70173",
        country="DE",
    ) == ["Jürgen Müller", "Königstraße 5", "70173 Stuttgart"]


def test_france_postcode_before_the_city_in_capitals():
    assert lines(
        "Marie Curie",
        home="FR",
        street="12 rue de Rivoli",
        locality="Paris",
        postcode="75004",
        country="FR",
    ) == ["Marie Curie", "12 rue de Rivoli", "75004 PARIS"]


def test_japan_romanised_in_the_order_japan_post_accepts_from_abroad():
    assert lines(
        "Taro Yamada",
        street="1-2-3 Nishi-Shinjuku",
        locality="Shinjuku-ku",
        region="Tokyo",
        postcode="1600023",
        country="JP",
    ) == ["Taro Yamada", "1-2-3 Nishi-Shinjuku", "Shinjuku-ku, Tokyo 160-0023", "JAPAN"]


def test_japan_in_japanese_script_postcode_first_and_name_last():
    assert lines(
        "山田太郎",
        home="JP",
        street="西新宿1-2-3",
        locality="新宿区",
        region="東京都",
        postcode="１６０００２３",
        country="JP",
    ) == ["〒160-0023", "東京都新宿区", "西新宿1-2-3", "山田太郎 様"]


def test_japanese_script_from_abroad_ends_with_the_country():
    found = lines("山田太郎", street="西新宿1-2-3", locality="新宿区", country="JP")
    assert found[-1] == "JAPAN"


@pytest.mark.parametrize(
    ("home", "country", "expected"),
    [
        ("DE", "US", "VEREINIGTE STAATEN VON AMERIKA"),
        ("US", "DE", "GERMANY"),
        ("GB", "FR", "FRANCE"),
        ("FR", "DE", "ALLEMAGNE"),
        ("DE", "FR", "FRANKREICH"),
        ("US", "JP", "JAPAN"),
        ("JP", "GB", "UNITED KINGDOM"),
    ],
)
def test_the_country_line_is_in_the_senders_language_when_abroad(home, country, expected):
    found = lines("Jane", home=home, street="1 Main St", locality="Town", country=country)
    assert found[-1] == expected


@pytest.mark.parametrize("country", ["US", "us", ""])
def test_no_country_line_at_home_or_when_the_country_is_not_given(country):
    found = lines("Jane", home="US", street="1 Main St", locality="Town", country=country)
    assert found == ["Jane", "1 Main St", "Town"]


def test_an_unknown_country_code_is_written_as_is():
    assert country_name("XQ", "US") == "XQ"


def test_other_countries_get_a_sensible_default():
    assert lines(
        "Ana Silva", street="Av. Larco 123", locality="Lima", postcode="15074", country="PE"
    ) == ["Ana Silva", "Av. Larco 123", "Lima 15074", "PERU"]
    assert (
        lines(
            "Piet Jansen", street="Damrak 1", locality="Amsterdam", postcode="1012 LG", country="NL"
        )[2]
        == "1012 LG Amsterdam"
    )
    assert lines(
        "Sam Lee", street="1 George St", locality="Sydney", region="NSW", postcode="2000",
        country="AU",
    )[2] == "Sydney NSW 2000"  # fmt: skip


def test_blank_parts_and_extra_spaces_leave_no_empty_lines():
    assert lines(
        "  Jane   Doe ", street="\n 1 Main St \n\n", locality="Springfield", country="US"
    ) == ["Jane Doe", "1 Main St", "Springfield"]
