from __future__ import annotations

from agent.web.streaming import TokenCoalescer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_first_token_goes_out_at_once_then_tokens_are_batched_per_interval() -> None:
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    clock = Clock()
    tokens = TokenCoalescer(send, interval=0.05, clock=clock)
    await tokens.add("Hello")
    assert sent == ["Hello"]  # time to first token is not delayed
    for word in (" there,", " the", " Voltix"):
        clock.now += 0.01
        await tokens.add(word)
    assert sent == ["Hello"]  # within the interval: held back
    clock.now += 0.03
    await tokens.add(" AirBook")
    assert sent == ["Hello", " there, the Voltix AirBook"]
    await tokens.add(" 13.")
    await tokens.flush()
    await tokens.flush()  # nothing pending: no empty frame
    assert sent == ["Hello", " there, the Voltix AirBook", " 13."]
    assert "".join(sent) == "Hello there, the Voltix AirBook 13."


async def test_a_fast_answer_costs_two_frames_and_loses_nothing() -> None:
    sent: list[str] = []

    async def send(text: str) -> None:
        sent.append(text)

    words = [f"word{i} " for i in range(200)]
    tokens = TokenCoalescer(send, interval=0.05, clock=Clock())
    for word in words:
        await tokens.add(word)
    await tokens.flush()
    assert len(sent) == 2
    assert "".join(sent) == "".join(words)
