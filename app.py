"""Chainlit app: wiring only. Start it with `make run` (or `chainlit run app.py`).

Staff log in with a password (roles from the users file); customers come in through the
widget with a customer token. Everything a role may see is decided in ``agent.web``.
"""

import chainlit as cl
from chainlit.server import app as server_app
from chainlit.types import ThreadDict

from agent.web import admin, conversation
from agent.web.runtime import WebRuntime
from agent.web.starters import starters_for
from agent.web.widget import install_widget_routes

runtime = WebRuntime()  # holds nothing until start-up: settings are read there, once


@cl.on_app_startup
async def on_startup() -> None:
    install_widget_routes(server_app)
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
async def starters(user: cl.User | None) -> list[cl.Starter]:
    return starters_for(runtime.role_of(user.identifier if user else None, "webapp"))


@cl.on_chat_start
async def on_chat_start() -> None:
    await conversation.offer_commands(runtime)


@cl.on_chat_resume
async def on_chat_resume(thread: ThreadDict) -> None:
    # The agent's memory is keyed by the thread id, so it carries on where the thread left off.
    await conversation.offer_commands(runtime)


@cl.on_message
async def on_message(message: cl.Message) -> None:
    if message.command:
        await admin.run_command(runtime, message)
    else:
        await conversation.consult(runtime, message)
