"""Who builds the intent classifier's compiled path: the app's long-lived holder, when the setting says so,
before its consultant serves anything."""

from __future__ import annotations

import pytest

from agent.consult.builder import ConsultantHolder, build_deps
from agent.intent.modeling import IntentClassifier
from agent.settings import Settings


@pytest.mark.parametrize("compile_setting", [True, False])
async def test_the_app_compiles_the_intent_model_only_when_set(
    consult_settings: Settings, monkeypatch: pytest.MonkeyPatch, compile_setting: bool
) -> None:
    started: list[IntentClassifier] = []
    monkeypatch.setattr("agent.consult.builder.compile_single_messages", started.append)
    settings = consult_settings.model_copy(update={"llm": "fake", "intent_compile": compile_setting})
    holder = ConsultantHolder(lambda: settings)
    try:
        await holder.get()
    finally:
        await holder.close()
    assert len(started) == (1 if compile_setting else 0)
    assert all(isinstance(classifier, IntentClassifier) for classifier in started)


def test_the_terminal_chat_and_benches_stay_eager(
    consult_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[IntentClassifier] = []
    monkeypatch.setattr("agent.consult.builder.compile_single_messages", started.append)
    build_deps(consult_settings.model_copy(update={"intent_compile": True}))
    assert started == []
