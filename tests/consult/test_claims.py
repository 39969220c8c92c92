"""A table of paraphrased claims, written for this check, each right or wrong, in English and
Chinese: promises must come from a policy passage or a catalog field, whatever the wording."""

from __future__ import annotations

import pytest

from agent.consult.product_mentions import Catalog
from agent.consult.records import Record
from agent.consult.validator import check_answer

RICE: Record = {
    "id": "BB-1001", "kind": "product", "source": "/srv/shop/products.csv", "name": "Organic Basmati Rice 5 kg",
    "brand": "Daawat", "price": 399.0, "list_price": 450.0, "currency": "INR", "stock": None, "specs": "",
    "description": "",
}  # fmt: skip
KETTLE: Record = {
    "id": "KT-77", "kind": "product", "source": "/srv/shop/products.csv", "name": "Steel Electric Kettle 1.5 L",
    "brand": "Prestige", "price": 1299.0, "list_price": None, "currency": "INR", "stock": 4,
    "specs": "Capacity: 1.5 L; Warranty: 2 years", "description": "",
}  # fmt: skip
TOWEL: Record = {
    "id": "TW-9", "kind": "product", "source": "/srv/shop/products.csv", "name": "Cotton Bath Towel",
    "brand": "Spaces", "price": 199.0, "list_price": None, "currency": "INR", "stock": 0, "specs": "",
    "description": "",
}  # fmt: skip
POLICIES: list[Record] = [
    {"id": "ship.md#0", "kind": "faq", "source": "/srv/shop/ship.md", "title": "Delivery",
     "text": "Standard delivery is free on orders above ₹500. Orders arrive in 2-4 business days."},
    {"id": "returns.md#0", "kind": "faq", "source": "/srv/shop/returns.md", "title": "Returns",
     "text": "Unopened items can be returned within 7 days for a full refund."},
    {"id": "offers.md#0", "kind": "faq", "source": "/srv/shop/offers.md", "title": "Offers",
     "text": "Members get 5% off their order with the code FRESH5."},
]  # fmt: skip
PRODUCTS = [RICE, KETTLE, TOWEL]
CATALOG = Catalog.from_records(PRODUCTS)

# (answer, which records the turn has: "policies" or "catalog only", the violation kind or None)
TABLE: list[tuple[str, str, str | None]] = [
    # shipping cost, with the delivery policy
    ("Delivery is free on orders above ₹500.", "policies", None),
    ("Orders over ₹500 ship for free.", "policies", None),
    ("满500卢比的订单免运费。", "policies", None),
    ("Orders over ₹300 ship free.", "policies", "shipping_cost"),
    # shipping cost, no policy at all
    ("Yes, the Organic Basmati Rice 5 kg is free to ship.", "catalog only", "shipping_cost"),
    ("There is no shipping charge on this rice.", "catalog only", "shipping_cost"),
    ("Shipping is on us!", "catalog only", "shipping_cost"),
    ("We cover the shipping for you.", "catalog only", "shipping_cost"),
    ("Delivery comes at no extra cost.", "catalog only", "shipping_cost"),
    ("Complimentary delivery on every order.", "catalog only", "shipping_cost"),
    ("这款大米包邮。", "catalog only", "shipping_cost"),
    ("我们不收运费。", "catalog only", "shipping_cost"),
    ("运费由我们承担。", "catalog only", "shipping_cost"),
    ("运费是免费的。", "catalog only", "shipping_cost"),
    ("The first one is Green Tea, and it is shipped for free.", "catalog only", "shipping_cost"),
    ("这款免收运费。", "catalog only", "shipping_cost"),
    ("您不用付运费。", "catalog only", "shipping_cost"),
    ("运费不用您出。", "catalog only", "shipping_cost"),
    ("免费送货上门。", "catalog only", "shipping_cost"),
    ("运费是50卢比。", "catalog only", "shipping_cost"),
    ("I don't have information about shipping costs; a colleague can confirm.", "catalog only", None),
    ("We don't offer free shipping on this item.", "catalog only", None),
    ("关于运费，我们的政策中没有相关信息。", "catalog only", None),
    # delivery time
    ("Your order arrives in 2-4 business days.", "policies", None),
    ("订单2-4个工作日送达。", "policies", None),
    ("It will be delivered tomorrow.", "policies", "delivery"),
    ("You'll get it within 1 day.", "policies", "delivery"),
    ("We offer same-day delivery.", "policies", "delivery"),
    ("明天就能到货。", "policies", "delivery"),
    ("3天内送达。", "policies", "delivery"),
    ("It ships within 2 days.", "catalog only", "delivery"),
    ("次日达，放心购买。", "catalog only", "delivery"),
    # returns
    ("Unopened items can be returned within 7 days.", "policies", None),
    ("未开封商品7天内可以退货。", "policies", None),
    ("You can return it within 30 days.", "policies", "returns"),
    ("30天无理由退货。", "policies", "returns"),
    ("Returns are free.", "policies", "returns"),
    ("We have a money-back guarantee.", "catalog only", "returns"),
    ("支持全额退款。", "catalog only", "returns"),
    ("Full refund if you don't like it.", "catalog only", "returns"),
    # "can I return it?" answered yes, by a shop whose data says nothing of returns
    ("Yes, you can return something you bought.", "catalog only", "returns"),
    ("Returns are accepted.", "catalog only", "returns"),
    ("购买的东西可以退货。", "catalog only", "returns"),
    ("Unopened items: you can return them within 7 days.", "policies", None),
    ("You can always return to this chat later.", "catalog only", None),
    ("Sorry, you cannot return opened rice.", "catalog only", None),
    # warranty
    ("The Steel Electric Kettle 1.5 L comes with a 2-year warranty.", "catalog only", None),
    ("这款水壶保修2年。", "catalog only", None),
    ("The kettle has a 5-year warranty.", "catalog only", "warranty"),
    ("The Steel Electric Kettle 1.5 L has a lifetime warranty.", "catalog only", "warranty"),
    ("质保三年。", "catalog only", "warranty"),
    ("The rice has a 1-year warranty.", "policies", "warranty"),
    # discounts
    ("Members get 5% off with the code FRESH5.", "policies", None),
    ("会员使用优惠码 FRESH5 可享受5%的优惠。", "policies", None),
    ("Use the code FRESH50 at checkout.", "policies", "discount"),
    ("You get 15% off today.", "policies", "discount"),
    ("I can give you a 10% discount.", "catalog only", "discount"),
    ("给您打八折。", "catalog only", "discount"),
    ("可以给您优惠50卢比。", "catalog only", "discount"),
    ("We'll throw in a free gift.", "catalog only", "discount"),
    ("买一送一！", "catalog only", "discount"),
    ("This week it is half price.", "catalog only", "discount"),
    ("I can lower the price for you.", "catalog only", "discount"),
    ("The Organic Basmati Rice 5 kg is ₹399.00, down from ₹450.00: you save ₹51.", "catalog only", None),
    ("The rice is 11% off its list price.", "catalog only", None),
    ("大米现价₹399，原价₹450，优惠₹51。", "catalog only", None),
    ("The rice is 20% off.", "catalog only", "discount"),
    # the catalog's own 11% (₹399 against ₹450) as an offer, in answer to "11% off?"
    ("I can offer you an 11% discount on the rice.", "catalog only", "discount"),
    ("可以给您大米打11%的折扣。", "catalog only", "discount"),
    ("The rice is ₹399.00 now, 11% off.", "catalog only", None),
    ("大米比原价便宜11%。", "catalog only", None),
    ("Sorry, I can't offer a discount beyond the catalog price.", "catalog only", None),
    ("The display covers 99% of DCI-P3.", "catalog only", None),  # a spec, not an offer (the fake)
    ("The towel is 100% cotton.", "catalog only", None),
    ("We can take 15 percent off for you.", "catalog only", "discount"),
    ("现在下单可享受10%的优惠。", "catalog only", "discount"),
    ("This week there is a discount of 12% on rice.", "catalog only", "discount"),
    ("It comes at a price of ₹1299.00.", "catalog only", None),  # the 0.5B stating the price
    ("I have a special price for you: ₹999.", "catalog only", "discount"),
    ("I can make you an offer of ₹1,100.", "catalog only", "discount"),
    ("抱歉，我们不能打折。", "catalog only", None),
    # stock
    ("The Steel Electric Kettle 1.5 L is in stock.", "catalog only", None),
    ("Steel Electric Kettle 1.5 L 有货。", "catalog only", None),
    ("The Cotton Bath Towel is in stock and ready to ship.", "catalog only", "stock"),
    ("The Organic Basmati Rice 5 kg is in stock.", "catalog only", "stock"),
    ("大米现货，马上发货。", "catalog only", "stock"),
    ("The Cotton Bath Towel is out of stock at the moment.", "catalog only", None),
    # prices in the catalog's currency and formats
    ("The Organic Basmati Rice 5 kg costs ₹399.00.", "catalog only", None),
    ("The rice costs Rs. 399 and the kettle INR 1,299.", "catalog only", None),
    ("The rice costs ₹349.", "catalog only", "price"),
    ("两袋大米共798卢比。", "catalog only", None),
]


def _records(context: str) -> list[Record]:
    return PRODUCTS + (POLICIES if context == "policies" else [])


def test_the_table_is_big_enough_and_mixes_both_languages() -> None:
    chinese = [a for a, _, _ in TABLE if any("\u4e00" <= ch <= "\u9fff" for ch in a)]
    assert len(TABLE) >= 60 and len(chinese) >= 20
    assert sum(k is None for _, _, k in TABLE) >= 20 and sum(k is not None for _, _, k in TABLE) >= 30


@pytest.mark.parametrize(("answer", "context", "kind"), TABLE)
def test_claim(answer: str, context: str, kind: str | None) -> None:
    found = check_answer(answer, _records(context), CATALOG)
    if kind is None:
        assert found == [], found
    else:
        assert kind in {v.kind for v in found}, found
