"""A worker's side of the published knowledge: pull (or, on an empty cluster, seed) at start-up,
follow new versions every few seconds, publish after an ingestion here. Idle on a laptop."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.exc import DBAPIError

from agent.cluster.background import cancel
from agent.cluster.knowledge import KnowledgeCorruptError, migrate_knowledge, publish, pull
from agent.settings import Settings
from agent.storage.engine import postgres_conninfo

log = logging.getLogger(__name__)


class KnowledgeSync:
    def __init__(self, settings: Settings, every_s: float = 2.0) -> None:
        self._settings = settings
        self._conninfo = postgres_conninfo(settings)
        self._every_s = every_s
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._conninfo is None:
            return
        await asyncio.to_thread(migrate_knowledge, self._conninfo)
        if await self._pull() is None:
            # Nothing newer published: this worker's own copy (if any) seeds an empty cluster.
            settings = self._settings
            await asyncio.to_thread(publish, self._conninfo, settings.index_dir, settings.upload_dir, True)
        self._task = asyncio.create_task(self._follow())

    async def publish(self) -> None:
        """After an ingestion on this worker: every other worker serves it within seconds."""
        if self._conninfo is not None:
            settings = self._settings
            version = await asyncio.to_thread(
                publish, self._conninfo, settings.index_dir, settings.upload_dir
            )
            log.info("Published knowledge version %s", version)

    async def stop(self) -> None:
        await cancel(self._task)
        self._task = None

    async def _pull(self) -> str | None:
        assert self._conninfo is not None
        settings = self._settings
        version = await asyncio.to_thread(pull, self._conninfo, settings.index_dir, settings.upload_dir)
        if version:
            log.info("Pulled knowledge version %s", version)
        return version

    async def _follow(self) -> None:
        while True:
            await asyncio.sleep(self._every_s)
            try:
                await self._pull()  # the next turn swaps it in (ConsultantHolder.reload_if_changed)
            except (DBAPIError, OSError, KnowledgeCorruptError) as error:
                # The database restarting, or a bad copy: keep serving what is here, retry later.
                log.warning("Knowledge not pulled (%s); still serving the current version", error)
