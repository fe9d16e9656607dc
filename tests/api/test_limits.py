"""A token's rate limit: a burst up to the limit passes, the next request is a
429 problem with ``Retry-After``, and the bucket fills again with time."""

from __future__ import annotations

import pytest

from keepwarm.api import limits
from keepwarm.api.problems import ApiError

pytestmark = pytest.mark.django_db


def test_a_burst_up_to_the_limit_passes_then_429_until_time_refills(settings):
    settings.KEEPWARM_API_RATE_LIMIT = 3
    for _ in range(3):
        limits.check("token:1", now=100.0)
    with pytest.raises(ApiError) as refused:
        limits.check("token:1", now=100.0)
    assert refused.value.status == 429
    assert refused.value.headers == {"Retry-After": "20"}
    limits.check("token:2", now=100.0)  # another token has its own bucket
    limits.check("token:1", now=120.0)  # a third of a minute: one request back
    with pytest.raises(ApiError):
        limits.check("token:1", now=120.0)


def test_over_the_limit_the_api_answers_429_and_changes_nothing(alice_api, jane, settings, frozen):
    settings.KEEPWARM_API_RATE_LIMIT = 2
    assert alice_api.get("/people").status_code == 200
    assert alice_api.get("/people").status_code == 200
    refused = alice_api.patch(f"/people/{jane.pk}", {"company": "Initech"})
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert int(refused["Retry-After"]) >= 1
    jane.refresh_from_db()
    assert jane.company == "Acme"
