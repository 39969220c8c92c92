"""What a message asks for beyond its intent label, in English and Chinese: an attack to refuse,
haggling over the product under discussion, and the policy questions riding along ("I'll take it.
How do I pay?"). Families of wordings, not a list of fixed sentences."""

from __future__ import annotations

import re
from typing import Any

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
