"""The demo network: about 150 made-up people with two years of history.

``keepwarm demo`` and the web's "explore the demo" call ``ensure_demo_account``;
``load_demo`` puts the same network into any account. The network is built as
plain data first (``network.build_network``: the same seed and day give the
same people and touches), then written in bulk (``load``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from keepwarm.demo.places import HOME

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

DEMO_USERNAME = "demo"
HOME_CITY = HOME.city


def load_demo(user: User, today: dt.date, seed: int = 7) -> dict[str, int]:
    """Load the demo network into ``user``'s account in one transaction; counts by kind.

    The account keeps what it had: circles and touch kinds are reused by name
    (and re-seeded when missing), tags by name.
    """
    from keepwarm.demo import load

    return load.load_demo(user, today, seed)


def ensure_demo_account(today: dt.date | None = None) -> Any:
    """The demo account with a fresh network as of ``today`` (default: the local date).

    Creates the account ``demo`` (no usable password) or wipes its data and
    loads it again. Raises ``ValidationError`` when a real account is called
    ``demo``.
    """
    from keepwarm.demo import load

    return load.ensure_demo_account(today)
