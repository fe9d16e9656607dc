"""Who do I know at …? People by company (past ones too), industry, role, tags and notes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def who_do_i_know(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Not built yet.", status=501)
