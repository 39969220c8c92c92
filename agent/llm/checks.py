"""Telling a wrong configuration from an outage, at start-up and on every failed call.

A wrong key (401/403) or an unknown model (404) will not heal by retrying: it is logged as a
configuration error naming the settings to fix, while timeouts and refused connections stay
outages. ``check_chat_model`` asks the server once, cheaply (the model list), at start-up.
"""

from __future__ import annotations

import logging

from langchain_core.language_models.chat_models import BaseChatModel

log = logging.getLogger(__name__)

SETTINGS_HINT = "check SALES_LLM, SALES_OPENAI_API_KEY and SALES_OPENAI_BASE_URL"


def is_configuration_error(exc: BaseException) -> bool:
    import openai

    return isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError | openai.NotFoundError)


def describe_failure(exc: BaseException) -> str:
    kind = "LLM configuration error" if is_configuration_error(exc) else "LLM call failed"
    return f"{kind}: {type(exc).__name__}: {exc}"


def log_failure(exc: BaseException, where: str = "") -> str:
    """Logs a failed LLM call: an error naming the settings to fix when retrying cannot help, else
    a warning (an outage). Returns the description."""
    problem = describe_failure(exc)
    if is_configuration_error(exc):
        log.error("%s (%s)", problem, SETTINGS_HINT)
    else:
        log.warning("%s%s", where, problem)
    return problem


def check_chat_model(model: BaseChatModel) -> str | None:
    """None when the server knows this key and model; else the problem, already logged.

    Hosted OpenAI: one GET of the model (401 for a wrong key, 404 for an unknown model). A custom
    server: its model list (a wrong key shows; many local servers answer for any model name)."""
    from langchain_openai import ChatOpenAI

    if not isinstance(model, ChatOpenAI):
        return None
    client = model.root_client.with_options(max_retries=0, timeout=min(10.0, model.request_timeout or 10.0))  # type: ignore[arg-type]
    try:
        if model.openai_api_base:
            names = [m.id for m in client.models.list().data]
            if names and model.model_name not in names:
                log.warning(
                    "LLM: the server lists %s, not %r (%s)", names[:5], model.model_name, SETTINGS_HINT
                )
        else:
            client.models.retrieve(model.model_name)
    except Exception as exc:
        return log_failure(exc, "LLM not reachable at start-up: ")
    return None
