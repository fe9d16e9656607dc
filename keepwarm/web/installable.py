"""The installable app: its web manifest and what its service worker keeps.

The worker (``templates/web/pwa/sw.js``) keeps the static files cache-first
under a name that changes with their content (``static_version``), and the
pages of ``OFFLINE_PAGES`` network-first, so that the home page with its
agenda, the people list and the quick-log screen open with no signal as they
were on the last visit. It keeps no other page, nothing the API answers, no
POST and no sign-in page, and the pages go when the user signs out.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

THEME_COLOR = "#ffffff"
"""The top bar's colour (``--surface`` in app.css), for the phone's status bar."""
BACKGROUND_COLOR = "#faf7f2"
"""The page's colour (``--bg`` in app.css), for the splash screen."""
ICONS = {
    # file under static/keepwarm/icons/: (size, purpose)
    "icon-192.png": (192, "any"),
    "icon-512.png": (512, "any"),
    "maskable-192.png": (192, "maskable"),
    "maskable-512.png": (512, "maskable"),
}
SHORTCUT_ICON = ("log-96.png", 96)
APPLE_TOUCH_ICON = "keepwarm/icons/apple-touch-icon.png"
SHELL_ASSETS = (
    "keepwarm/app.css",
    "keepwarm/app.js",
    "keepwarm/htmx.min.js",
    "keepwarm/pwa.js",
    "keepwarm/quick-log.js",
    "keepwarm/favicon.svg",
    APPLE_TOUCH_ICON,
    *(f"keepwarm/icons/{name}" for name in ICONS),
)
"""Static files the worker fetches when it installs; any other one it keeps
the first time a page asks for it."""
OFFLINE_PAGES = ("home", "plan", "people", "quick_log")
"""Pages kept on each successful visit and shown from the device with no signal."""
WORKER_HEADER = "X-Keepwarm-Worker"
"""Sent (``1``) by the worker when it fetches a page to keep, not to show."""
INSTALL_PAGES = ("home", "quick_log")
"""Of those, the pages fetched as the worker installs: the start page and the
quick log work offline even before their first visit."""


def manifest() -> dict[str, Any]:
    """The web app manifest (``/manifest.webmanifest``)."""
    icons = [
        {
            "src": static(f"keepwarm/icons/{name}"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": purpose,
        }
        for name, (size, purpose) in ICONS.items()
    ]
    name, size = SHORTCUT_ICON
    shortcut = {
        "name": "Log a touch",
        "short_name": "Log",
        "description": "Log a touch with one thumb, with or without a signal.",
        "url": reverse("quick_log"),
        "icons": [
            {
                "src": static(f"keepwarm/icons/{name}"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
            }
        ],
    }
    home = reverse("home")
    return {
        "id": home,
        "name": "keepwarm",
        "short_name": "keepwarm",
        "description": "Keep your network warm all year with small, friendly touches.",
        "lang": "en",
        "start_url": home,
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["productivity", "social"],
        "icons": icons,
        "shortcuts": [shortcut],
    }


def worker_config() -> dict[str, Any]:
    """What the service worker is told: its caches' version, the files and pages
    it fetches as it installs, the pages it keeps, and the offline page."""
    return {
        "version": static_version(),
        "assets": [static(name) for name in SHELL_ASSETS],
        "install": [reverse(name) for name in INSTALL_PAGES],
        "pages": [reverse(name) for name in OFFLINE_PAGES],
        "offline": reverse("offline"),
        "static": settings.STATIC_URL,
        "header": WORKER_HEADER,
    }


def static_version() -> str:
    """A digest of every static file of keepwarm: a new one names new caches,
    and so a new worker that drops the old ones. Worked out once per process
    (every time while developing, where the files change under a running server)."""
    if settings.DEBUG:
        return _digest()
    return _kept_digest()


@lru_cache(maxsize=1)
def _kept_digest() -> str:
    return _digest()


def _digest() -> str:
    digest = hashlib.sha256()
    files: dict[str, Any] = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            if path.startswith("keepwarm/") and path not in files:
                files[path] = storage
    for path in sorted(files):
        digest.update(path.encode())
        with files[path].open(path) as content:
            digest.update(hashlib.sha256(content.read()).digest())
    return digest.hexdigest()[:16]
