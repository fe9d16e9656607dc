"""The API's routes for the rows of a person: contact points, addresses, key
dates, relationships, life events and jobs."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["person rows"])
