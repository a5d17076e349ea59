"""Async client for Rasa's REST channel webhook, with timeouts and bounded retries."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

__all__ = ["RasaClient", "RasaUnavailable"]

log = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa did not answer: refused, timed out, or returned an error."""


class RasaClient:
    def __init__(
        self,
        base_url: str,
        *,
        timeout_s: float = 8.0,
        retries: int = 1,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout_s, connect=min(2.0, timeout_s)),
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
            transport=transport,
        )

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        """Post one user message; return Rasa's bot messages.

        Only failures where Rasa cannot have seen the message (connection refused) are retried,
        so a slow Rasa never receives the same message twice.
        """
        body = {"sender": sender, "message": text, "metadata": metadata}
        attempt = 0
        while True:
            try:
                response = await self._client.post("/webhooks/rest/webhook", json=body)
            except httpx.ConnectError as exc:
                if attempt < self.retries:
                    attempt += 1
                    await asyncio.sleep(0.2 * attempt)
                    continue
                raise RasaUnavailable(f"connect: {exc}") from exc
            except httpx.HTTPError as exc:
                raise RasaUnavailable(f"{type(exc).__name__}: {exc}") from exc
            if response.status_code >= 500 and attempt < self.retries:
                attempt += 1
                await asyncio.sleep(0.2 * attempt)
                continue
            if response.status_code != 200:
                raise RasaUnavailable(f"HTTP {response.status_code}")
            try:
                data = response.json()
            except ValueError as exc:
                raise RasaUnavailable("invalid JSON from Rasa") from exc
            return [m for m in data if isinstance(m, dict)] if isinstance(data, list) else []

    async def ready(self) -> bool:
        try:
            response = await self._client.get("/status", timeout=2.0)
            return response.status_code == 200 and bool(response.json().get("model_file"))
        except (httpx.HTTPError, ValueError):
            return False

    async def aclose(self) -> None:
        await self._client.aclose()
