"""Bad input gets a polite answer, not a crash; flooding customers are slowed down."""

from __future__ import annotations

from agent.web.guard import RateLimiter, clean_message, client_address, refusal_for


def test_junk_is_cleaned_but_every_script_and_emoji_is_kept() -> None:
    assert clean_message("  \x00\x07hello\x1b  ") == "hello"
    assert clean_message("降噪耳机 🎧 and ANC?\n") == "降噪耳机 🎧 and ANC?"


def test_empty_and_oversized_messages_get_a_polite_reply_in_their_language() -> None:
    assert "type your question" in (refusal_for("", 4000, "en") or "")
    assert "请输入" in (refusal_for("", 4000, "zh") or "")
    too_long = refusal_for("x" * 100_000, 4000, "en") or ""
    assert "100000" in too_long and "4000" in too_long
    assert refusal_for("a normal question", 4000, "en") is None


def test_sliding_window_allows_the_limit_then_recovers() -> None:
    now = [0.0]
    limiter = RateLimiter(3, window_s=60, clock=lambda: now[0])
    assert [limiter.allow("s1") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("s2")  # another session is not affected
    now[0] = 61.0
    assert limiter.allow("s1")


def test_the_client_address_comes_from_the_asgi_scope_not_engineio() -> None:
    # engine.io's environ says 127.0.0.1 for every socket: one limit for all customers.
    environ = {"REMOTE_ADDR": "127.0.0.1", "asgi.scope": {"client": ("203.0.113.5", 51234)}}
    assert client_address(environ) == "203.0.113.5"
    assert client_address({"REMOTE_ADDR": "198.51.100.2"}) == "198.51.100.2"
