"""The shape of a draft, rendered by code around the model's words: an email's subject, greeting and
sign-off; a script's five parts; a chat reply's closing question; a pitch's length; a brief's
headings. The model writes the words that persuade; what makes the draft the kind asked for, and
every fact a part adds (a product, its price), is written here from the records, so a small model
that forgets the shape (or a fake one) still gives the salesperson the draft they asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.consult.records import Record, price_text
from agent.prompts import load_localized

_SENTENCE = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])")  # never inside "₹650.00"
_BOLD = re.compile(r"^\s*(?:\*\*[^*\n]+\*\*|#+ .+)", re.M)
# Lines a model writes around an email's body: code writes its own.
_EMAIL_FRAME = re.compile(
    r"^\s*(?:subject|主题)\s*[:：].*$|^\s*(?:dear|hi|hello)\b.*[,，]\s*$|^.{0,12}(?:您好|你好)[:：，,]?\s*$"
    r"|^\s*(?:best|kind|warm)?\s*regards,?.*$|^\s*(?:sincerely|thanks|thank you),?\s*$|^\s*(?:祝好|此致|敬礼).*$",
    re.I | re.M,
)
_CHAT_CHARS = 600
_PITCH_SENTENCES = 8


@dataclass(frozen=True)
class DraftFrame:
    """What a draft is about: the customer's name (when the salesperson gave one), the need, the
    products that fit (the ones the model named first), the shop."""

    language: str
    customer: str | None
    need: str | None
    products: tuple[Record, ...]
    shop_name: str

    @property
    def topic(self) -> str:
        if self.need:
            return self.need
        return str(self.products[0]["name"]) if self.products else self.shop_name

    @property
    def addressee(self) -> str:
        """The customer's name, or the language's word for a customer."""
        return self.customer or self.part("someone")

    def part(self, part_name: str, **values: object) -> str:
        return load_localized(f"draft_part_{part_name}", self.language, **values).strip()


def shaped_draft(kind: str, text: str, frame: DraftFrame) -> str:
    """``text`` (the model's checked words) in the shape of ``kind``."""
    shapes = {
        "follow-up email": _email,
        "sales script": _script,
        "chat reply": _chat_reply,
        "product pitch": _pitch,
        "sales training brief": _brief,
    }
    return shapes.get(kind, _script)(text.strip(), frame)


def _email(text: str, frame: DraftFrame) -> str:
    body = _EMAIL_FRAME.sub("", text).strip() or _product_sentence(frame)
    return "\n\n".join(
        [
            frame.part("subject", topic=frame.topic),
            frame.part("greeting", customer=frame.addressee),
            body,
            frame.part("signoff", shop_name=frame.shop_name),
        ]
    )


def _script(text: str, frame: DraftFrame) -> str:
    headings = frame.part("script_headings").split("|")
    if sum(bool(re.search(rf"\*\*{re.escape(h)}", text)) for h in headings) >= 4:
        return text  # the model wrote the parts itself
    product = frame.products[0] if frame.products else None
    parts = [
        frame.part("opening", customer=frame.addressee, topic=frame.topic),
        frame.part("questions"),
        text or _product_sentence(frame),
        frame.part("objection", product=product["name"], price=price_text(product, frame.language))
        if product
        else frame.part("objection_general"),
        frame.part("close", product=product["name"]) if product else frame.part("close_general"),
    ]
    return "\n\n".join(f"**{h}**\n{p}" for h, p in zip(headings, parts, strict=True))


def _chat_reply(text: str, frame: DraftFrame) -> str:
    reply = text or _product_sentence(frame)
    if len(reply) > _CHAT_CHARS:
        kept = ""
        for sentence in _SENTENCE.split(reply):
            if len(kept) + len(sentence) > _CHAT_CHARS - 80:
                break
            kept = f"{kept} {sentence}".strip()
        reply = kept
    if not re.search(r"[?？]\s*$", reply):
        reply = f"{reply} {frame.part('question')}".strip()
    return reply


def _pitch(text: str, frame: DraftFrame) -> str:
    sentences = [s for s in _SENTENCE.split(text) if s.strip()][:_PITCH_SENTENCES]
    if len(sentences) < 2:
        sentences.append(_product_sentence(frame))
    return " ".join(sentences) if frame.language != "zh" else "".join(sentences)


def _brief(text: str, frame: DraftFrame) -> str:
    if len(_BOLD.findall(text)) >= 3:
        return text
    products, facts, selling = frame.part("brief_headings").split("|")
    listed = "\n".join(f"- {p['name']} — {price_text(p, frame.language)}" for p in frame.products[:5])
    return "\n\n".join(
        [
            f"**{products}**\n{listed or '-'}",
            f"**{facts}**\n{_product_sentence(frame)}",
            f"**{selling}**\n{text}",
        ]
    )


def _product_sentence(frame: DraftFrame) -> str:
    """One sentence of facts, rendered from the first fitting record."""
    if not frame.products:
        return frame.part("no_product")
    product = frame.products[0]
    return frame.part("product", product=product["name"], price=price_text(product, frame.language))
