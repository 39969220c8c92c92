"""The rules that read customer messages before the joint parser (issue 42), frozen here for
``bench/understand.py`` to score beside it in the same run. Not used by the product: these are
the keyword tables and regexes of ``agent/consult/profile.py`` and ``agent/consult/requests.py``
as they were (2026-12-07), and the acts they implied."""

# ruff: noqa: E501
from __future__ import annotations

import re
from typing import Any

from agent.understand.request import Act, Bound, Budget, Contact, CustomerRequest, Referent, ReferentKind

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(k|千|万)?"
_CURRENCY = r"(?:\$|usd|us\$|dollars?|bucks|元|块|美元|美金|rmb|rupees?|rs\.?|inr|卢比|euros?|eur|€|£|gbp|pounds?|¥|￥)?"
_SYMBOL = r"(?:\$|₹|€|£|¥|￥|rs\.?\s?|inr\s?|usd\s?|eur\s?)?"
_MAX = re.compile(
    rf"(?:under|below|less than|up to|max(?:imum)?|at most|no more than|within|budget(?: is| of)?:?|"
    rf"预算|不超过|以内|低于|最多)\s*(?:about|around|大概|约)?\s*{_SYMBOL}\s*{_NUMBER}\s*{_CURRENCY}\s*(以内|以下|之内)?",
    re.I,
)
_MAX_AFTER = re.compile(rf"{_SYMBOL}{_NUMBER}\s*{_CURRENCY}\s*(?:以内|以下|之内|or less|max|tops)", re.I)
_BETWEEN = re.compile(
    rf"(?:between|from)?\s*{_SYMBOL}{_NUMBER}\s*(?:-|to|and|到|至)\s*{_SYMBOL}{_NUMBER}\s*{_CURRENCY}", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![A-Za-z0-9@])\+?\d[\d\s().-]{7,}\d(?![A-Za-z0-9])")
_QUANTITY = re.compile(r"(\d{1,4})\s*(?:x\b|units?|pcs|pieces|of\b|台|个|件|部|副|块|只)", re.I)
_NAME = re.compile(r"(?i:my name is|this is|我叫|我是)\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?|[\u4e00-\u9fff]{2,3})")

USE_CASES = {
    "gaming": ("gaming", "games", "gamer", "游戏"),
    "video editing": ("video editing", "editing", "剪辑", "视频"),
    "study": ("student", "school", "university", "college", "homework", "学生", "上学", "学习"),
    "office work": ("office", "work", "business", "办公"),
    "programming": ("programming", "coding", "developer", "编程"),
    "travel": ("travel", "commute", "flight", "旅行", "出差"),
    "sports": ("running", "sport", "gym", "fitness", "跑步", "运动", "健身"),
    "photography": ("photo", "camera quality", "拍照", "摄影"),
    "music": ("music", "audiophile", "听歌", "音乐"),
}
PREFERENCES = {
    "lightweight": ("light", "lightweight", "portable", "轻", "便携"),
    "long battery": ("battery", "续航"),
    "noise cancelling": ("noise cancel", "anc", "降噪"),
    "large screen": ("big screen", "large screen", "大屏"),
    "quiet": ("quiet", "silent", "安静"),
}


def _amount(number: str, suffix: str | None) -> float:
    value = float(number.replace(",", ""))
    return value * {"k": 1000, "千": 1000, "万": 10000}.get((suffix or "").lower(), 1)


def _words(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    lowered = text.lower()
    return [key for key, words in table.items() if any(_contains(lowered, w) for w in words)]


def _contains(text: str, word: str) -> bool:
    if re.search(r"[\u4e00-\u9fff]", word):
        return word in text
    return re.search(rf"\b{re.escape(word)}", text) is not None


def update_profile(
    profile: dict[str, Any], message: str, language: str, categories: Any = None
) -> dict[str, Any]:
    """A new profile: ``profile`` plus what ``message`` states (newer statements win). The
    category is one of the catalog's own (``categories``), never one the catalog does not have."""
    updated = dict(profile, language=language)
    text = _EMAIL.sub(" ", message)
    if match := _BETWEEN.search(text):
        low, high = _amount(match[1], match[2]), _amount(match[3], match[4])
        if 0 < low < high:
            updated["budget_min"], updated["budget_max"] = low, high
    elif match := (_MAX.search(text) or _MAX_AFTER.search(text)):
        updated["budget_max"] = _amount(match[1], match[2])
        updated.pop("budget_min", None)
    if categories is not None and (category := categories.match(message)):
        updated["category"] = category
    if uses := _words(message, USE_CASES):
        updated["use_case"] = uses[0]
    if prefs := _words(message, PREFERENCES):
        updated["preferences"] = sorted(set(updated.get("preferences", [])) | set(prefs))
    if match := _EMAIL.search(message):
        updated["email"] = match[0]
    if match := _PHONE.search(_EMAIL.sub(" ", message)):
        updated["phone"] = re.sub(r"[^\d+]", "", match[0])
    if match := _QUANTITY.search(text):
        updated["quantity"] = int(match[1])
    if match := _NAME.search(message):
        updated["name"] = match[1]
    return updated


_FILLER = re.compile(
    r"\b(?:i'?m|i am|we'?re)?\s*(?:looking for|searching for|do you (?:have|sell|carry|stock)|have you got|"
    r"i need|i want|i'd like|can you recommend|recommend|suggest|show me|please|some|any)\b"
    r"|有没有|^有|我想(?:买|要|找)?|想(?:买|要|找)|请问|推荐(?:一下)?|帮我(?:找|选)?|需要|一些|一款|一个|吗|呢|吧|[，。？！,.?!]",
    re.I,
)


def need_text(message: str) -> str:
    """What the customer wants, without the budget and the shopping phrases around it: a dense
    query of "我想买燕麦，预算178卢比以内" finds batteries, one of "燕麦" finds oats."""
    text = _EMAIL.sub(" ", message)
    for pattern in (_BETWEEN, _MAX, _MAX_AFTER):
        text = pattern.sub(" ", text)
    cleaned = " ".join(_FILLER.sub(" ", text).split())
    return cleaned if len(cleaned) >= 2 else message


_ATTACKS: dict[str, re.Pattern[str]] = {
    # Prompt injection: asking the assistant to drop or reveal its instructions.
    "injection": re.compile(
        r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|rules|prompts?|"
        r"guidelines|restrictions|everything (?:above|before))\b"
        r"|\b(?:print|show|reveal|repeat|output|display|tell me|give me|dump|leak)\b[^.!?\n]{0,30}"
        r"\b(?:system|hidden|initial|original|full|internal)\s+(?:prompt|instructions?|rules|message)\b"
        r"|\b(?:developer|god|dan|jailbreak|admin) mode\b|\bjailbreak\b|\byou are now\b[^.!?\n]{0,30}\bno rules\b"
        r"|(?:忽略|无视|忘记|忘掉|跳过)[^。！？\n]{0,12}(?:指令|指示|规则|提示词?|设定|限制)"
        r"|(?:输出|显示|告诉我|打印|泄露|给我看|发给我|重复)[^。！？\n]{0,10}(?:系统提示|提示词|系统指令|内部指令|初始指令|你的指令|规则)",
        re.I,
    ),
    # Other people's data or the shop's internals.
    "exfiltration": re.compile(
        r"\b(?:other|all|every|another|previous)\s+(?:customers?|users?|clients?|buyers?)'?s?\b[^.!?\n]{0,40}"
        r"\b(?:contacts?|details|emails?|e-mail|phones?|numbers?|addresses?|data|names|orders|info\w*|leads)\b"
        r"|\b(?:contacts?|details|emails?|e-mail|phones?|numbers?|addresses|data|names|orders)\b[^.!?\n]{0,25}"
        r"\b(?:of|for|from|about)\s+(?:the\s+)?(?:other|all|every|your|previous)\s+(?:customers?|users?|clients?|buyers?)\b"
        r"|\b(?:customer|user|client|lead)s?\s+(?:list|database|records|emails|data)\b"
        r"|\b(?:api|secret|access)\s+keys?\b|\b(?:database|server|admin)\s+(?:dump|credentials|passwords?)\b"
        r"|(?:其他|别的|所有|其它)(?:客户|用户|顾客|买家)[^。！？\n]{0,10}(?:联系方式|电话|邮箱|地址|信息|资料|订单|名单)"
        r"|(?:客户|用户)(?:名单|数据库|资料库)|(?:后台|管理员|数据库)密码|密钥",
        re.I,
    ),
    # Claims of authority asking for staff actions: delete, change prices, give refunds by order.
    "impersonation": re.compile(
        r"\b(?:i am|i'm|im|this is)\s+(?:the\s+|your\s+|a\s+)?(?:store\s+|shop\s+|site\s+)?"
        r"(?:admin\w*|owner|manager|developer|ceo|boss|staff|employee)\b"
        r"|\b(?:delete|drop|wipe|erase|remove|truncate)\b[^.!?\n]{0,25}\b(?:catalog(?:ue)?|database|products|"
        r"index|records|table|all data)\b"
        r"|\b(?:change|set|update|lower)\b[^.!?\n]{0,20}\bprices?\b[^.!?\n]{0,20}\b(?:to|for everyone|in the system)\b"
        r"|我是(?:店铺|商店|网站|系统)?(?:管理员|店主|老板|经理|开发者|员工)|(?:删除|删掉|清空)[^。！？\n]{0,8}(?:商品|目录|数据库|数据|记录)",
        re.I,
    ),
    "abuse": re.compile(
        r"\b(?:fuck\w*|shit\w*|bitch\w*|idiot\w*|stupid bot|moron\w*|bastard\w*|asshole\w*|dumbass)\b"
        r"|傻逼|操你|他妈的|去死|滚蛋|白痴|脑残",
        re.I,
    ),
}
# Asking for a better price on the product under discussion (not for other, cheaper products).
_HAGGLE = re.compile(
    r"\b(?:discount|deal|best price|better price|lower (?:the )?price|cheaper (?:for me|price)|"
    r"knock\s+\S+\s+off|\d+\s?%\s*off|price match|negotiable|come down|bargain)\b"
    r"|\bcan you (?:do|make it|go)\b[^.!?\n]{0,20}\b(?:less|lower|cheaper)\b|\bany (?:offers?|coupons?|promos?)\b"
    r"|便宜(?:一点|一些|点|些)?(?:吗|呢|吧|嘛|啊)|打[个]?[一二三四五六七八九\d.]+折|[一二三四五六七八九]折|优惠|折扣|打折|砍价|讲价|"
    r"少(?:一点|点|收)|让(?:一点|点)|降价|能不能便宜|再便宜|最低价",
    re.I,
)
_ALTERNATIVES = re.compile(
    r"\bcheaper\s+(?:ones?|options?|alternatives?|models?|products?|brands?|items?)\b|\b(?:anything|something|others?)\s+cheaper\b"
    r"|\bless expensive\s+(?:ones?|options?)\b|\bshow me (?:cheaper|less expensive)\b"
    r"|(?:更|比较)?便宜(?:一点|一些|点)?的(?:吗|呢|款|型号|产品|商品|选择|)|有没有(?:更)?便宜|其他便宜",
    re.I,
)
# Policy topics a message can ask about, with the words that mark them in a question and in a policy.
TOPICS: dict[str, tuple[re.Pattern[str], str, str]] = {
    "payment": (
        re.compile(r"\b(?:pay|paying|payment|card|credit|debit|paypal|upi|cash on delivery|cod|invoice|"
                   r"instal+ments?|checkout)\b|付款|支付|付钱|刷卡|信用卡|分期|货到付款|发票|微信支付|支付宝", re.I),
        "payment", "付款方式",
    ),
    "shipping": (
        re.compile(r"\b(?:ship|shipping|shipped|deliver\w*|postage|courier|freight|arrive|arrival)\b|运费|包邮|"
                   r"发货|快递|配送|送货|到货|物流|邮费", re.I),
        "shipping and delivery", "配送和运费",
    ),
    "returns": (
        re.compile(r"\b(?:return|returns|refund\w*|exchange|money back)\b|退货|退款|退换|换货", re.I),
        "returns and refunds", "退换货",
    ),
    "discount": (
        # Not "cheaper" / 更便宜 alone ("which one is cheaper?" compares) nor "offer" ("what do you offer?").
        re.compile(r"\b(?:discounts?|coupons?|promo\w*|vouchers?|deals?|offers|on sale|best price|% off)\b|"
                   r"优惠|折扣|打折|[一二三四五六七八九]折|便宜(?:一点|一些|点|些)|能不能便宜|再便宜|促销|优惠券|满减", re.I),
        "discounts", "优惠和折扣",
    ),
    "warranty": (
        re.compile(r"\b(?:warrant\w*|guarantee\w*|repair\w*)\b|保修|质保|维修|保固", re.I),
        "warranty", "保修",
    ),
}  # fmt: skip


_SHOPPING = re.compile(
    r"\b(?:looking for|look(?:ing)? at|do you (?:have|sell|carry|stock)|have you got|i need|i want|i'd like|"
    r"recommend|suggest|show me|any good|searching for|in the market for)\b"
    r"|有没有|有.{1,12}吗|想(?:买|要|找)|推荐|需要|给我看看|帮我(?:找|选)",
    re.I,
)


_SOLD_HERE = re.compile(
    r"\bdo you (?:have|sell|carry|stock)\b|\bhave you got\b|有没有|有.{1,12}吗|有卖|卖不卖", re.I
)


_ORDER = re.compile(
    r"\b(?:order|buy|purchase|checkout|check out|take (?:it|one|this|that|the))\b|下单|购买|订购|买一|要买|付款",
    re.I,
)


def orders(message: str) -> bool:
    """ "I'd like to order one", "我要买一个": a purchase, not a search."""
    return _ORDER.search(message) is not None or "@" in message


def shops(message: str) -> bool:
    """ "I'm looking for coffee", "有蜂蜜吗？": the customer is asking for a kind of product."""
    return _SHOPPING.search(message) is not None


_PRICE_ASKED = re.compile(
    r"\bhow much\b|\bwhat(?:'s| is| does)? (?:the )?(?:price|cost)|\bprice of\b|\bcost of\b|多少钱|什么价|价格是|价钱|几块钱",
    re.I,
)


def asks_price(message: str) -> bool:
    """ "How much is the first one?", "第一个多少钱？": the answer owes a price, whatever else is asked."""
    return _PRICE_ASKED.search(message) is not None


def asks_if_sold(message: str) -> bool:
    """ "Do you sell porridge?", "有酥油吗？": whether the shop has a kind of thing."""
    return _SOLD_HERE.search(message) is not None


def attack_kind(message: str) -> str | None:
    """``injection`` / ``exfiltration`` / ``impersonation`` / ``abuse``, or None."""
    return next((kind for kind, pattern in _ATTACKS.items() if pattern.search(message)), None)


def wants_alternatives(message: str) -> bool:
    """ "Show me cheaper ones": a switch to other products is asked for."""
    return _ALTERNATIVES.search(message) is not None


def haggles(message: str) -> bool:
    """ "Can you give me a discount?", "打个八折吧": a better price on the product discussed."""
    return _HAGGLE.search(message) is not None and not wants_alternatives(message)


def policy_topics(message: str) -> list[str]:
    """The policy topics ``message`` asks about, in the order of ``TOPICS``."""
    return [topic for topic, (pattern, _, _) in TOPICS.items() if pattern.search(message)]


def topic_label(topic: str, language: str) -> str:
    _, english, chinese = TOPICS[topic]
    return chinese if language == "zh" else english


def topic_passages(topic: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The policy passages among ``records`` about ``topic``."""
    return [
        r for r in records if r["kind"] != "product" and covers(topic, f"{r.get('title')} {r.get('text')}")
    ]


def covers(topic: str, text: str) -> bool:
    """Whether a policy passage is about ``topic`` at all."""
    return TOPICS[topic][0].search(text) is not None


_ORDINAL = re.compile(
    r"\b(?:first|1st|second|2nd|third|3rd|last)\b(?: one| option| model)?|(?:第一|第二|第三|最后)(?:个|款|台|种)",
    re.I,
)


def rules_parse(message: str) -> CustomerRequest:
    """The parse the old rules gave a message (acts from the regexes that decided them)."""
    profile = update_profile({}, message, "en")
    acts: set[Act] = set()
    if attack_kind(message):
        acts.add(Act.ATTACK)
    if haggles(message):
        acts.add(Act.HAGGLE)
    if wants_alternatives(message):
        acts.add(Act.CHEAPER)
    if orders(message):
        acts.add(Act.ORDER)
    if shops(message):
        acts.add(Act.BROWSE)
    if asks_price(message):
        acts.add(Act.ASK_ABOUT)
    acts |= {Act(topic) if topic != "discount" else Act.DISCOUNTS for topic in policy_topics(message)}
    budget = None
    if profile.get("budget_max"):
        low = profile.get("budget_min")
        budget = (
            Budget(Bound.BETWEEN, float(low), float(profile["budget_max"]))
            if low
            else Budget(Bound.UNDER, float(profile["budget_max"]))
        )
    ordinal = _ORDINAL.search(message)
    return CustomerRequest(
        text=message,
        language="en",
        acts=frozenset(acts or {Act.SMALLTALK}),
        need=need_text(message) if Act.BROWSE in acts else None,
        budget=budget,
        quantity=profile.get("quantity"),
        referent=Referent(ordinal[0], ReferentKind.ORDINAL) if ordinal else None,
        contact=Contact(profile.get("name"), profile.get("email"), profile.get("phone")),
    )
