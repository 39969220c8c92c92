"""Drafts in the staff workspace: Approve / Edit / Discard under each draft, and the approved ones
listed and exported (CSV, Markdown) for their author, or for everyone by an admin.

Every entry point checks the role on the server: a customer's socket calling these actions or the
command is refused and nothing is stored. A draft is never sent anywhere by the app."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import chainlit as cl

from agent.consult.drafts import draft_body
from agent.consult.records import fact_line
from agent.consult.state import Role
from agent.handoff.staff import staff_name
from agent.storage.drafts import DraftStatus, as_csv, as_markdown

if TYPE_CHECKING:
    from agent.consult.session import Exchange
    from agent.web.runtime import WebRuntime

APPROVE, EDIT, DISCARD = "draft_approve", "draft_edit", "draft_discard"
DRAFTS_COMMAND: Any = {  # Chainlit's CommandDict
    "id": "drafts",
    "icon": "file-text",
    "description": "Approved drafts: list and export (CSV, Markdown)",
    "button": True,
}
REFUSED = "Only staff can review drafts."
_EDIT_WAIT_S = 900


async def keep_draft(runtime: WebRuntime, author: str, result: Exchange, reply: cl.Message) -> None:
    """Store a draft just written for ``author`` and put the review buttons under it."""
    language = result.outcome.language
    facts = [fact_line(r) for r in result.records]
    draft_id = await asyncio.to_thread(
        runtime.drafts.add,
        cl.context.session.thread_id,
        author,
        result.outcome.draft or "draft",
        language,
        draft_body(result.answer, language),
        facts,
    )
    reply.actions = [
        cl.Action(name=name, label=label, payload={"draft": draft_id}, tooltip=tip)
        for name, label, tip in (
            (APPROVE, "Approve", "Keep it as it is, for you to use"),
            (EDIT, "Edit", "Send your version: it is kept as approved"),
            (DISCARD, "Discard", "Drop it"),
        )
    ]


async def review(runtime: WebRuntime, action: cl.Action) -> None:
    """One of the three buttons: checked on the server, then stored once."""
    reviewer = staff_name(runtime)
    draft_id = action.payload.get("draft") if isinstance(action.payload, dict) else None
    if reviewer is None or not isinstance(draft_id, str):
        await cl.Message(content=REFUSED).send()
        return
    draft = await asyncio.to_thread(runtime.drafts.get, draft_id)
    if draft is None or (draft.author != reviewer and runtime.role_of(reviewer, "webapp") is not Role.ADMIN):
        await cl.Message(content="That is not one of your drafts.").send()
        return
    text = None
    if action.name == EDIT:
        answer = await cl.AskUserMessage(
            content=f"Send your edited version of draft {draft_id}; it is kept as approved.",
            timeout=_EDIT_WAIT_S,
        ).send()
        if not answer or not str(answer.get("output", "")).strip():
            await cl.Message(content=f"Draft {draft_id} was not changed.").send()
            return
        text = str(answer["output"]).strip()
    status = DraftStatus.DISCARDED if action.name == DISCARD else DraftStatus.APPROVED
    if not await asyncio.to_thread(runtime.drafts.review, draft_id, status, reviewer, text):
        await cl.Message(content=f"Draft {draft_id} was reviewed already.").send()
        return
    done = {APPROVE: "approved", EDIT: "approved with your edits", DISCARD: "discarded"}[action.name]
    await cl.Message(
        content=f"Draft {draft_id} {done}. Type /drafts to list and export approved drafts."
    ).send()
    await action.remove()


async def list_approved(runtime: WebRuntime) -> None:
    """The approved drafts of this salesperson (an admin: everyone's), with CSV and Markdown files."""
    name = staff_name(runtime)
    if name is None:
        await cl.Message(content=REFUSED).send()
        return
    admin = runtime.role_of(name, "webapp") is Role.ADMIN
    approved = await asyncio.to_thread(runtime.drafts.approved, None if admin else name)
    lines = [
        f"- **{d.kind}** {d.id} by {d.author}, approved by {d.reviewed_by} {d.reviewed_at}" for d in approved
    ]
    files = [
        cl.File(name="approved-drafts.csv", content=as_csv(approved).encode(), mime="text/csv"),
        cl.File(name="approved-drafts.md", content=as_markdown(approved).encode(), mime="text/markdown"),
    ]
    heading = f"Approved drafts ({len(approved)}{', everyone' if admin else ''}):"
    await cl.Message(
        content="\n".join([heading, *lines]) if lines else "No approved drafts yet.", elements=files
    ).send()
