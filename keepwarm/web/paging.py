"""How a list is paged: the page a request asks for, and the links to the others.

Every paged list calls ``page_of`` with the request, its rows and its page size,
and includes ``web/_pagination.html``. The page number (``?page=``) is read
leniently, never an error page: a missing or bad one (``abc``, ``0``, ``-1``)
shows the first page, one past the end the last (a filter may have left fewer
pages than the link was made for). The links keep every other query parameter
(filters, sort, search, tab) and change only ``page``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.core import paginator
from django.db.models import QuerySet
from django.http import HttpRequest


class Page(paginator.Page):
    """A page of a list, and the page numbers its links show."""

    def numbers(self) -> Iterator[str | int]:
        """The first, the last and two either side of this one; ``…`` for the gaps."""
        return self.paginator.get_elided_page_range(self.number, on_each_side=2, on_ends=1)


class _Pages(paginator.Paginator):
    """A paginator whose pages are ``Page``s."""

    def _get_page(self, *args: Any, **kwargs: Any) -> Page:
        return Page(*args, **kwargs)


def _number(text: str | None) -> int:
    """The page number asked for: a whole number from 1 up, else 1 (a number too
    long to read, thousands of digits, is no number)."""
    try:
        number = int(text or "")
    except ValueError:
        return 1
    return max(number, 1)


def page_of(request: HttpRequest, rows: Sequence[Any] | QuerySet[Any], size: int) -> Page:
    """The page of ``rows`` (a list or a queryset) that ``request`` asks for,
    ``size`` rows a page."""
    return _Pages(rows, size).get_page(_number(request.GET.get("page")))
