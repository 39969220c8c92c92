"""What every Chainlit callback shares, built once when the app starts (never at import)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any

from agent.consult.builder import ConsultantHolder
from agent.consult.ledger import SalesLedger
from agent.consult.state import Role
from agent.privacy.redact import redact_app_logs
from agent.privacy.store import apply_retention
from agent.settings import Settings
from agent.web.data_layer import ChatDataLayer
from agent.web.guard import RateLimiter
from agent.web.origins import install_origin_guard
from agent.web.users import UserStore

log = logging.getLogger(__name__)


class WebRuntime:
    def __init__(self, make_settings: Callable[[], Settings] = Settings) -> None:
        self._make_settings = make_settings
        self.consultants = ConsultantHolder(lambda: self.settings)
        self._retention: asyncio.Task[None] | None = None
        self._restore_logging: Callable[[], None] | None = None

    @cached_property
    def settings(self) -> Settings:
        return self._make_settings()

    @cached_property
    def users(self) -> UserStore:
        return UserStore(self.settings.users_file)

    @cached_property
    def data_layer(self) -> ChatDataLayer:
        return ChatDataLayer(self.settings.chat_database_url, redact_text=self.settings.redact_transcripts)

    @cached_property
    def session_limiter(self) -> RateLimiter:
        return RateLimiter(self.settings.session_messages_per_minute)

    @cached_property
    def address_limiter(self) -> RateLimiter:
        return RateLimiter(self.settings.ip_messages_per_minute)

    def customer_may_send(self, thread_id: str, address: str) -> bool:
        # A message refused by the address limit still used its session slot: that only slows
        # a flooding client further.
        return self.session_limiter.allow(thread_id) and self.address_limiter.allow(address)

    async def start(self, server_app: Any) -> None:
        """Tables, a first admin, the origin guard; the consultant itself loads on first use."""
        self.settings.chat_db.parent.mkdir(parents=True, exist_ok=True)
        await self.data_layer.create_schema()
        SalesLedger(self.settings.sales_db).migrate()
        password_file = self.settings.users_file.with_name("initial-admin-password")
        if self.users.ensure_admin(password_file):
            log.warning("No staff users yet: created 'admin'; its password is in %s", password_file)
        # Chainlit built its middleware (with config.toml's CORS) before this hook: rebuilt with ours.
        install_origin_guard(server_app, self.settings.allowed_origins)
        if self.settings.redact_transcripts:
            self._restore_logging = redact_app_logs()
        self._retention = asyncio.create_task(self._retention_daily())

    async def _retention_daily(self) -> None:
        while True:
            try:
                deleted = await apply_retention(self.settings, self.settings.retention_days)
                if deleted.get("threads"):
                    log.info("Retention: deleted %s", deleted)
            except Exception:  # a failed sweep must not stop the app; the next one retries
                log.exception("Retention sweep failed")
            await asyncio.sleep(24 * 3600)

    async def stop(self) -> None:
        if self._retention:
            self._retention.cancel()
        await self.consultants.close()
        await self.data_layer.engine.dispose()
        if self._restore_logging:
            self._restore_logging()
            self._restore_logging = None

    def role_of(self, identifier: str | None, client_type: str) -> Role:
        """Decided on the server from who logged in: the widget is always a customer, and only
        names in the users file are staff, whatever the client claims."""
        if identifier is None or client_type == "copilot":
            return Role.CUSTOMER
        return self.users.role_of(identifier) or Role.CUSTOMER
