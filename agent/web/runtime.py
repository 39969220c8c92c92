"""What every Chainlit callback shares, built once when the app starts (never at import)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from functools import cached_property
from typing import Any, NoReturn

from agent.cluster.limits import CustomerLimits
from agent.cluster.stores import open_desk, open_drafts, open_ledger, open_relay, open_users
from agent.cluster.sync import KnowledgeSync
from agent.consult.builder import ConsultantHolder
from agent.consult.state import Role
from agent.handoff.delivery import Relay
from agent.handoff.desk import Desk
from agent.handoff.hours import OpeningHours, parse_hours
from agent.privacy.redact import redact_app_logs
from agent.privacy.store import apply_retention
from agent.settings import Settings
from agent.storage.drafts import DraftBook
from agent.storage.engine import DatabaseUnreachableError, check_database
from agent.web.data_layer import ChatDataLayer
from agent.web.origins import install_origin_guard
from agent.web.users import StaffUsers

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
    def users(self) -> StaffUsers:
        return open_users(self.settings, pooled=True)

    @cached_property
    def data_layer(self) -> ChatDataLayer:
        return ChatDataLayer(self.settings.chat_database_url, redact_text=self.settings.redact_transcripts)

    @cached_property
    def drafts(self) -> DraftBook:
        return open_drafts(self.settings, pooled=True)

    @cached_property
    def desk(self) -> Desk:
        return open_desk(self.settings, pooled=True)

    @cached_property
    def relay(self) -> Relay:
        """Live-handoff delivery into the chats of customers and staff (on any worker)."""

        def is_staff(session: Any) -> bool:
            user = session.user
            return user is not None and self.role_of(user.identifier, session.client_type).is_staff

        return open_relay(self.settings, is_staff)

    @cached_property
    def hours(self) -> OpeningHours:
        return parse_hours(self.settings.opening_hours, self.settings.opening_timezone)

    @cached_property
    def knowledge(self) -> KnowledgeSync:
        return KnowledgeSync(self.settings)

    @cached_property
    def limits(self) -> CustomerLimits:
        return CustomerLimits(self.settings)

    async def customer_may_send(self, thread_id: str, address: str) -> bool:
        return await self.limits.allow(thread_id, address)

    async def start(self, server_app: Any) -> None:
        """Tables, a first admin, the origin guard; the consultant itself loads on first use."""
        if self.settings.database_url:
            try:
                await asyncio.to_thread(check_database, self.settings.database_url)
            except DatabaseUnreachableError as error:
                _exit_with(str(error))
        self.settings.chat_db.parent.mkdir(parents=True, exist_ok=True)
        await self.data_layer.create_schema()
        await asyncio.to_thread(open_ledger(self.settings).migrate)
        await asyncio.to_thread(self.drafts.migrate)
        await self.limits.open()
        await self.knowledge.start()
        await asyncio.to_thread(self.desk.migrate)
        await self.relay.start()
        _ = self.hours  # a bad opening_hours setting stops the start, naming the setting
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
        await self.limits.close()
        await self.knowledge.stop()
        await self.relay.stop()
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


def _exit_with(message: str) -> NoReturn:
    """One line naming the setting, exit status 2. Raising here would end in uvicorn's lifespan
    traceback (and status 3); nothing is open yet that needs closing."""
    print(f"error: {message}", file=sys.stderr, flush=True)
    os._exit(2)
