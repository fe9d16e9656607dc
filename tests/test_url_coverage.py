"""Every URL is in the ownership test: the URL resolver walked (keepwarm/urls.py
and everything it includes), each pattern checked against the one table of
how URLs are owned, ``tests.routes.URLS``.

A pattern with an id in its path must be an ``Objects`` case there (so bob is
shown to get 404 on alice's), one with any other value in its path
(a token, a signed link) must name the test that proves it, and every other
is the signed-in user's own or deliberately public, with the reason."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from django.urls.converters import IntConverter
from django.urls.resolvers import RoutePattern

from tests.api.routes import OPERATIONS
from tests.routes import URLS, Elsewhere, Objects, Own, Public

ROOT = Path(__file__).resolve().parent.parent
TABLE = "tests/routes.py URLS"
API = "api/v1/"
API_TABLE = "tests/api/routes.py OPERATIONS"


def walk(
    resolver: URLResolver, route: str = "", params: Mapping[str, Any] | None = None
) -> Iterator[tuple[str, URLPattern, dict[str, Any]]]:
    """Every pattern with its whole route and the values its path takes (name: converter;
    a regular expression's named group: None)."""
    for entry in resolver.url_patterns:
        found = {**(params or {}), **_params(entry)}
        if isinstance(entry, URLResolver):
            yield from walk(entry, route + str(entry.pattern), found)
        else:
            yield route + str(entry.pattern), entry, found


def _params(entry: URLPattern | URLResolver) -> dict[str, Any]:
    pattern = entry.pattern
    if isinstance(pattern, RoutePattern):
        return dict(pattern.converters)
    regex = pattern.regex
    named = dict.fromkeys(regex.groupindex)
    return named or {f"group {n}": None for n in range(1, regex.groups + 1)}


def _mentions(test: str, name: str, route: str) -> bool:
    """The test module names the URL, or requests its path."""
    text = (ROOT / test).read_text(encoding="utf-8") if (ROOT / test).is_file() else ""
    literal = "/" + route.split("<", 1)[0]
    return any(f"{q}{name}{q}" in text for q in "\"'") or (literal != "/" and literal in text)


def problems(resolver: URLResolver, table: Mapping[str, object]) -> list[str]:
    """What is wrong with ``table`` for the URLs of ``resolver``: nothing, when
    every URL is in it and each entry fits its path."""
    found, seen = [], set()
    for route, pattern, params in walk(resolver):
        name = pattern.name
        if not name:
            found.append(f"/{route} has no name: name it and say in {TABLE} how it is owned")
            continue
        if route.startswith(API):
            # The REST API's own table: tests/api/test_ownership.py calls each as bob.
            if name not in OPERATIONS:
                found.append(f"{name} (/{route}) is not in {API_TABLE}: say how it is owned")
            continue
        seen.add(name)
        how = table.get(name)
        ids = [key for key, converter in params.items() if isinstance(converter, IntConverter)]
        if how is None:
            found.append(f"{name} (/{route}) is not in {TABLE}: say how it is owned")
        elif isinstance(how, Objects):
            if len(how.kinds) != len(params) or len(ids) != len(params):
                found.append(f"{name} (/{route}): {how.kinds} for the values {list(params)}")
        elif ids:
            found.append(f"{name} (/{route}) takes an id ({', '.join(ids)}): make it Objects")
        elif params and not isinstance(how, Elsewhere):
            found.append(f"{name} (/{route}) takes {list(params)}: name the test (Elsewhere)")
        elif isinstance(how, Elsewhere) and not _mentions(how.test, name, route):
            found.append(f"{name} (/{route}): {how.test} neither names nor requests it")
        elif not isinstance(how, Objects | Own | Public | Elsewhere):
            found.append(f"{name}: {how!r} is none of Objects, Own, Public or Elsewhere")
    found += [f"{name} is in {TABLE} but no URL has that name" for name in set(table) - seen]
    return found


def _view(request: object, **kwargs: object) -> HttpResponse:
    return HttpResponse()


def _with(*extra: URLPattern | URLResolver) -> URLResolver:
    """The site's URLs and ``extra``."""
    return URLResolver(RoutePattern(""), [*get_resolver().url_patterns, *extra])


def test_every_url_is_in_the_ownership_test():
    assert problems(get_resolver(), URLS) == []


def test_every_kind_of_url_is_there():
    kinds = {type(how) for how in URLS.values()}
    assert kinds == {Objects, Own, Public, Elsewhere}


def test_a_new_url_with_an_id_and_no_ownership_case_fails():
    resolver = _with(path("cards/<int:pk>/copy/", _view, name="card_run_copy"))
    assert problems(resolver, URLS) == [
        f"card_run_copy (/cards/<int:pk>/copy/) is not in {TABLE}: say how it is owned"
    ]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (Own(), "card_run (/cards/<int:pk>/) takes an id (pk): make it Objects"),
        (Public("why"), "card_run (/cards/<int:pk>/) takes an id (pk): make it Objects"),
        (Elsewhere("tests/web/test_web_cards.py", "why"), "takes an id (pk): make it Objects"),
        (Objects(("card_run", "trip")), "('card_run', 'trip') for the values ['pk']"),
    ],
)
def test_an_id_in_the_path_must_be_an_object_case(how, expected):
    found = problems(get_resolver(), {**URLS, "card_run": how})
    assert len(found) == 1 and expected in found[0]


def test_an_id_in_an_included_prefix_counts_too():
    inner = [path("notes/", _view, name="owned_notes")]
    resolver = _with(path("people/<int:person>/", include(inner)))
    found = problems(resolver, {**URLS, "owned_notes": Own()})
    assert found == [
        "owned_notes (/people/<int:person>/notes/) takes an id (person): make it Objects"
    ]
    assert problems(resolver, {**URLS, "owned_notes": Objects(("person",))}) == []


def test_a_token_in_the_path_needs_the_test_that_proves_it():
    resolver = _with(path("shared/<str:token>/", _view, name="shared_list"))
    assert "name the test (Elsewhere)" in problems(resolver, {**URLS, "shared_list": Own()})[0]
    unproven = {**URLS, "shared_list": Elsewhere("tests/web/test_web_cards.py", "a token")}
    assert "neither names nor requests it" in problems(resolver, unproven)[0]


def test_unnamed_and_stale_entries_fail():
    resolver = _with(path("nameless/", _view))
    assert problems(resolver, URLS) == [
        f"/nameless/ has no name: name it and say in {TABLE} how it is owned"
    ]
    stale = problems(get_resolver(), {**URLS, "gone": Own()})
    assert stale == [f"gone is in {TABLE} but no URL has that name"]
