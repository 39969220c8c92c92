"""``RequestParser``: a customer message in, a ``CustomerRequest`` out (one forward pass of the
joint model, the number and contact parsers, the language detector)."""

from __future__ import annotations

from pathlib import Path

from agent.batching import MicroBatcher
from agent.language import detect_language
from agent.understand.decode import to_request
from agent.understand.request import CustomerRequest
from agent.understand.tagger import RequestTagger, TaggedMessage


class RequestParser:
    def __init__(self, tagger: RequestTagger) -> None:
        self.tagger = tagger
        # Messages of concurrent conversations are read in one forward pass.
        self._batched: MicroBatcher[str, TaggedMessage] = MicroBatcher(tagger.predict, name="parse")

    @classmethod
    def from_pretrained(cls, folder: Path | str) -> RequestParser:
        return cls(RequestTagger.from_pretrained(folder))

    def parse(self, text: str, language: str = "en") -> CustomerRequest:
        """``language``: the conversation's so far, kept by a message too short to tell."""
        return _typed(self._batched(text), language)

    async def aparse(self, text: str, language: str = "en") -> CustomerRequest:
        return _typed(await self._batched.acall(text), language)

    def parse_many(self, texts: list[str]) -> list[CustomerRequest]:
        return [_typed(t, "en") for t in self.tagger.predict(texts)]


def _typed(tagged: TaggedMessage, language: str) -> CustomerRequest:
    # Product names say nothing of the customer's language ("Kestrel Scout 14" in a Chinese message),
    # unless they are all the message is: "乐高积木" alone is written in Chinese.
    text = tagged.text
    for span in sorted(tagged.of("REFERENT"), key=lambda s: -s.start):
        text = text[: span.start] + " " + text[span.end :]
    return to_request(tagged, detect_language(text if text.strip() else tagged.text, language))
