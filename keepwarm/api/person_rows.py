"""The API's routes for contact points, addresses, key dates, relationships, life events and jobs of a person."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["person rows"])
