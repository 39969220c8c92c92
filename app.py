"""Chainlit app: wiring only. Start it with `make run` (or `chainlit run app.py`).

Staff log in with a password (roles from the users file); customers come in through the
widget with a customer token. Everything a role may see is decided in ``agent.web``.
"""

from collections.abc import Awaitable, Callable

import chainlit as cl
from chainlit.server import app as server_app
from chainlit.types import ThreadDict

from agent.branding.routes import install_branding
from agent.handoff import staff
from agent.web import admin, conversation, drafts
from agent.web.runtime import WebRuntime
from agent.web.starters import greet_customer, language_of, starters_for
from agent.web.widget import install_widget_routes

runtime = WebRuntime()  # holds nothing until start-up: settings are read there, once


@cl.on_app_startup
async def on_startup() -> None:
    install_widget_routes(server_app)
    install_branding(server_app, runtime.settings)
    await runtime.start(server_app)


@cl.on_app_shutdown
async def on_shutdown() -> None:
    await runtime.stop()


@cl.data_layer
def data_layer() -> cl.data.BaseDataLayer:
    return runtime.data_layer


@cl.password_auth_callback
async def password_login(username: str, password: str) -> cl.User | None:
    staff = runtime.users.authenticate(username, password)
    return cl.User(identifier=staff.name, metadata={"role": staff.role.value}) if staff else None


@cl.set_starters
async def starters(user: cl.User | None, language: str | None = None) -> list[cl.Starter]:
    role = runtime.role_of(user.identifier if user else None, "webapp")
    consultant = await runtime.consultants.get()
    return starters_for(role, consultant.deps.retriever, language_of(language))


@cl.on_chat_start
async def on_chat_start() -> None:
    await conversation.offer_commands(runtime)
    if conversation.session_role(runtime).is_staff:
        await staff.show_queue(runtime, quiet_when_empty=True)  # customers already waiting
    else:
        consultant = await runtime.consultants.get()
        await greet_customer(
            runtime.settings, consultant.deps.retriever, getattr(cl.context.session, "language", None)
        )


@cl.on_chat_resume
async def on_chat_resume(thread: ThreadDict) -> None:
    # The agent's memory is keyed by the thread id, so it carries on where the thread left off.
    await conversation.offer_commands(runtime)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    if message.command == staff.QUEUE_COMMAND["id"]:
        await staff.show_queue(runtime)
    elif message.command == drafts.DRAFTS_COMMAND["id"]:
        await drafts.list_approved(runtime)
    elif message.command:
        await admin.run_command(runtime, message)
    else:
        await conversation.consult(runtime, message)


def _with_runtime(
    handler: Callable[[WebRuntime, cl.Action], Awaitable[None]],
) -> Callable[[cl.Action], Awaitable[None]]:
    async def on_action(action: cl.Action) -> None:
        await handler(runtime, action)

    return on_action


# Live handoff: each callback checks on the server that a salesperson is calling it.
for _name, _handler in staff.ACTIONS.items():
    cl.action_callback(_name)(_with_runtime(_handler))
# Drafts: Approve / Edit / Discard, checked on the server the same way.
for _name in (drafts.APPROVE, drafts.EDIT, drafts.DISCARD):
    cl.action_callback(_name)(_with_runtime(drafts.review))
