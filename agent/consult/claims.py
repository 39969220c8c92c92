"""Recognise promises in an answer, in English and Chinese paraphrase: shipping cost, delivery
time, returns, warranty, discounts and stock. Each becomes a ``Claim`` the validator must back
with a policy passage or a catalog field, or the answer must be saying the fact is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FREE_WORDS = r"(?:free|complimentary|on us|on the house|included|waived|at no (?:extra )?(?:cost|charge))"
_SHIP = r"(?:shipping|delivery|postage|freight|carriage)"
# kind -> patterns; a pattern's named group ``free`` marks a "costs nothing" claim.
_PATTERNS: dict[str, list[str]] = {
    "shipping_cost": [
        rf"(?P<free>\b(?:free|complimentary|zero[- ]cost)\s+(?:standard\s+|express\s+)?{_SHIP}\b)",
        rf"(?P<free>\b{_SHIP}\s+(?:is|are|will be|comes?)\s+(?:totally\s+|completely\s+|always\s+)?{_FREE_WORDS})",
        r"(?P<free>\bship(?:s|ped|ping)?\s+(?:for\s+)?free\b|\bfree\s+to\s+ship\b|\bdeliver(?:ed|s|y)?\s+(?:for\s+)?free\b)",
        rf"(?P<free>\bno\s+(?:extra\s+)?{_SHIP}\s+(?:fees?|charges?|costs?)\b|\bwithout\s+(?:any\s+)?{_SHIP}\s+(?:fees?|charges?|costs?)\b)",
        rf"(?P<free>\bwe\s+(?:cover|pay(?:\s+for)?|absorb)\s+(?:the\s+)?{_SHIP}\b|\b{_SHIP}\s+(?:fees?|costs?|charges?)\s+(?:are|is)\s+(?:covered|waived)\b)",
        r"(?P<free>包邮|免运费|免邮|不收(?:取)?运费|运费全免|免费(?:配送|送货|发货|邮寄|快递|送到家)|零运费|0运费|运费(?:为)?(?:0|零)|运费(?:由)?(?:我们|商家|本店)(?:来)?承担)",
        # Paraphrases: "运费是免费的", "免收运费", "不用付运费", "运费不用您出".
        r"(?P<free>运费(?:是|为|都|也|全部)?(?:免费|免除|全免)|免(?:收|除|掉)运费|(?:不用|无需|无须|不需要|不必)(?:您|你)?(?:支付|付|出|交|承担)?(?:任何)?运费|运费(?:就)?(?:不用|无需|不需要)(?:您|你)?(?:支付|付|出|交))",
        rf"\b{_SHIP}\s+(?:fees?|costs?|charges?|rates?)\b",
        r"运费",
    ],
    "delivery": [
        r"\b(?:deliver\w*|arriv\w*|ship\w*|dispatch\w*|get it|receive it|reach(?:es)? you)\b[^.!?\n]{0,40}?"
        r"\b(?:(?:within|in|under)\s+\d+|\d+\s*(?:-|to)\s*\d+|tomorrow|today|tonight|overnight|this week)\b",
        r"\b(?:next|same|one|1|two|2)[- ]day\s+(?:delivery|shipping|dispatch)\b|\bexpress\s+delivery\b",
        r"\d+\s*(?:小时|天|日|个工作日|工作日)(?:内|之内)?(?:即可)?(?:送达|到货|发货|寄出|到|签收)",
        r"次日(?:达|送达|到)|当日(?:达|送达)|当天(?:送达|发货|到)|明天(?:就)?(?:送达|到货|发货|到|能到)|隔日(?:达|送达)",
    ],
    "returns": [
        r"\breturn(?:s|ed)?\b[^.!?\n]{0,30}?\b(?:within|in|for|up to)\s+\d+\s*(?:days?|weeks?|months?)",
        r"\b\d+[- ]day\s+(?:returns?|refunds?|money[- ]back)\b",
        r"(?P<free>\bfree\s+returns?\b|\breturns?\s+(?:are|is)\s+free\b)",
        r"\bmoney[- ]back\b|\bfull\s+refund\b|\bno\s+questions\s+asked\b|\brefund(?:ed|able)?\b",
        # "Yes, you can return something you bought." (the 0.5B, to a shop with no returns policy)
        r"\b(?:you|customers?|buyers?)\s+(?:can|may|are\s+(?:able|allowed|welcome)\s+to)\s+(?:\w+\s+)?"
        r"(?:return|exchange)(?!\s+to\b)|\breturns?\s+(?:are|is)\s+(?:accepted|possible|allowed|welcome)\b"
        r"|\b(?:we|I)\s+(?:accept|take)\s+returns?\b",
        r"(?:可以|能|可|支持|接受)(?:七天|7天)?(?:无理由)?(?:退货|退换)|无理由退(?:货|换)|\d+\s*天(?:内)?(?:可以|可|能)?(?:无理由)?退(?:货|换|款)|包退|包换|全额退款|退款",
    ],
    "warranty": [
        r"\b\d+[- ](?:year|month)s?\s+(?:limited\s+|manufacturer'?s?\s+)?(?:warranty|guarantee)\b",
        r"\b(?:warranty|guarantee)\b[^.!?\n]{0,20}?\b(?:of|for|is)\s+\d+\s*(?:years?|months?)",
        r"\b(?:warranty|guarantee)\s*[:：]\s*\d+\s*(?:years?|months?)",
        r"\b(?:lifetime|extended)\s+(?:warranty|guarantee)\b|\bguaranteed\s+for\b",
        r"(?:保修|质保|包修)(?:期)?(?:为)?\s*\d+\s*(?:年|个月|月)|\d+\s*(?:年|个月)(?:的)?(?:保修|质保)|终身(?:保修|质保)",
    ],
    "discount": [
        # A percentage is an offer only beside a word of one: "99% DCI-P3" and "100% cotton" are specs.
        r"\b\d+(?:\.\d+)?\s?(?:%|percent)\s*(?:off|discount|cheaper|less|lower|saving|savings|reduction|rebate|cashback)\b"
        r"|\b(?:discount|reduction|rebate)\s+of\s+\d+(?:\.\d+)?\s?(?:%|percent)",
        r"\d+(?:\.\d+)?\s?%\s*(?:的)?(?:优惠|折扣|减免|返现)|(?:优惠|折扣|便宜|减免|返现)\s*\d+(?:\.\d+)?\s?%",
        r"(?:打)?\d(?:\.\d)?\s?折|(?:打)?[一二三四五六七八九]折",
        r"\b(?:coupon|promo|voucher|discount)\s*code\b|(?:优惠码|折扣码|优惠券)",
        # "a special price for you", "an offer of ...": but "at a price of $499" states the price.
        r"\b(?:special|extra|exclusive|additional)\s+(?:discount|deal|offer|price)\s+(?:for you|just for you|of)\b"
        r"|\b(?:a|an)\s+(?:discount|deal|offer)\s+(?:for you|just for you|of)\b",
        r"\b(?:I|we)\s+(?:can|could|will|'ll)\s+(?:give|offer|knock|take|lower|reduce|drop|cut)\b[^.!?\n]{0,30}?\b(?:discount|off|price)\b",
        r"(?P<free>\bbuy\s+one,?\s+get\s+one\b|\bbogo\b|\bhalf[- ]price\b"
        r"|\bfree\s+(?:gift|item|upgrade|accessor\w+|installation|setup|trial|sample|of charge)\b)",
        r"\bsave\s+(?:you\s+)?(?:up\s+to\s+)?\S+|\bprice\s+match\w*\b",
        r"(?P<free>买一送一|赠品|免费(?:赠送|安装|升级|试用|送)|送(?:您|你)?(?:一个|一份)?(?:赠品|礼品)|半价)",
        r"优惠|折扣|打折|立减|减价|降价|让利|便宜(?:您|你)|满\d+减\d+|省(?:下)?\s*¥?\d+",
    ],
    "stock": [
        r"\bin[- ]stock\b|\bavailable\s+(?:now|today|right now|immediately)\b|\bready\s+to\s+ship\b",
        r"\bships?\s+(?:today|immediately|right away)\b|\bplenty\s+(?:left|available|in stock)\b",
        r"有货|现货|库存充足|有库存|还有\s*\d+\s*(?:件|台|个)|马上(?:就)?(?:能)?发货",
    ],
}
_COMPILED = {kind: [re.compile(p, re.I) for p in pats] for kind, pats in _PATTERNS.items()}
# A sentence that denies or says it does not know is not a promise: "we don't offer free shipping",
# "I have no information about returns", "没有包邮".
_DENIAL = re.compile(
    r"\b(?:don't|do not|doesn't|does not|can't|cannot|couldn't|won't|unable to|am not able to)\s+"
    r"(?:\w+\s+)?(?:offer|have|provide|give|include|promise|guarantee|confirm|know|support|ship|accept|"
    r"find|see|make|apply|lower|reduce)\b"
    r"|\b(?:isn't|is not|aren't|are not|not)\s+(?:\w+\s+)?(?:free|available|included|offered|covered|"
    r"possible|eligible|in stock|sure|listed|mentioned|stated)\b"
    r"|\bno (?:information|details|data|record|policy|mention)\b|\bunfortunately\b|\bcheck with\b"
    r"|\bno longer\b|\bout of stock\b|\bno (?:free|discounts?|returns?|warranty|refunds?)\b"
    r"|没有|无法|不能|不确定|不清楚|暂无|不提供|不包邮|不支持|不可以|不会|缺货|无货|请咨询|未提供",
    re.I,
)
# Sentence ends: . ! ? followed by a space or the end (not the dot of 1.5), or a CJK stop, ; or a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?:\s+|$)|[。！？\n;；]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
# Time words a promise can rest on instead of a number, each with the term it means.
_TIME_TERMS = [
    (re.compile(r"\btomorrow\b|\bnext[- ]day\b|\bovernight\b|明天|次日|隔日", re.I), "tomorrow"),
    (re.compile(r"\btoday\b|\btonight\b|\bsame[- ]day\b|当天|当日", re.I), "today"),
    (re.compile(r"\blifetime\b|终身", re.I), "lifetime"),
]
_CN_DIGITS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10"}  # fmt: skip
_CN_NUMBER = re.compile(r"([一二两三四五六七八九十])(?=\s*(?:年|个月|天|日|折|小时|周))")


@dataclass(frozen=True)
class Claim:
    kind: str  # shipping_cost | delivery | returns | warranty | discount | stock
    text: str  # the words that make the promise
    sentence: str
    free: bool  # "costs nothing" (free shipping, free returns, a free gift)
    numbers: frozenset[str]  # the sentence's whole numbers and time words (see numbers_in)


def numbers_in(text: str) -> frozenset[str]:
    """The whole numbers of ``text`` (Chinese numerals as digits) and its time words."""
    text = _CN_NUMBER.sub(lambda m: _CN_DIGITS[m[1]], text)
    terms = {term for pattern, term in _TIME_TERMS if pattern.search(text)}
    return frozenset(_canonical(n) for n in _NUMBER.findall(text)) | terms


def _canonical(number: str) -> str:
    value = float(number.replace(",", ""))
    return f"{value:g}"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def find_claims(text: str, keep_denials: bool = False) -> list[Claim]:
    """The promises in ``text``, one per kind and sentence; sentences that deny or say the fact is
    unknown are left out (unless ``keep_denials``, for reading a policy's own wording)."""
    claims: list[Claim] = []
    for sentence in sentences(text):
        denied = _denies(sentence)
        sentence = _CN_NUMBER.sub(lambda m: _CN_DIGITS[m[1]], sentence)
        for kind, patterns in _COMPILED.items():
            matches = [m for p in patterns if (m := p.search(sentence))]
            if not matches or (denied and not keep_denials):
                continue
            free = any(m.groupdict().get("free") for m in matches)
            claims.append(Claim(kind, matches[0][0], sentence, free, numbers_in(sentence)))
    return claims


@lru_cache(maxsize=4096)
def claims_of_source(text: str, keep_denials: bool = False) -> tuple[Claim, ...]:
    """``find_claims`` for a catalog record or policy passage: the same texts come back turn after
    turn and conversation after conversation, so each is read once (under load this was the
    answer checks' biggest cost)."""
    return tuple(find_claims(text, keep_denials))


def _denies(sentence: str) -> bool:
    """``no shipping charges`` is a promise, ``no information about shipping`` is not."""
    return _DENIAL.search(sentence) is not None
