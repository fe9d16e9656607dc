"""A test client that speaks to the API with a token (fixtures ``alice_api``,
``bob_api`` in tests/conftest.py)."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from keepwarm.accounts.tokens import create_token


class Api:
    def __init__(self, client: Client, secret: str) -> None:
        self.client = client
        self.secret = secret

    def _headers(self, headers: dict[str, str] | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}", **(headers or {})}

    def get(self, path: str, params: dict[str, Any] | None = None, **headers: str) -> Any:
        return self.client.get("/api/v1" + path, params or {}, headers=self._headers(headers))

    def send(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> Any:
        call = getattr(self.client, method)
        data = json.dumps(body) if body is not None else ""
        return call(
            "/api/v1" + path,
            data,
            content_type="application/json",
            headers=self._headers(headers),
        )

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("post", path, body, headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("patch", path, body, headers)

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.send("put", path, body, headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.send("delete", path, None, headers)


def api_for(client: Client, user: Any, scope: str = "write", name: str = "tests") -> Api:
    return Api(client, create_token(user, name, scope).secret)
