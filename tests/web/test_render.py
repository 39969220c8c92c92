"""Product cards hold only catalog fields; links and images only when they are http(s)."""

from __future__ import annotations

from agent.web.render import card_props, cards_for

RECORD = {
    "id": "LAP-001",
    "kind": "product",
    "name": "Voltix AirBook 13",
    "price": 899.0,
    "currency": "USD",
    "stock": 12,
    "specs": "Weight: 1.1 kg; Battery: 15 h; RAM: 16 GB; Storage: 512 GB",
    "source": "/srv/shop/knowledge/catalog/laptops.csv",
    "image": "https://cdn.example/airbook.jpg",
    "url": "https://shop.example/p/airbook",
}


def test_a_card_has_image_link_price_specs_stock_and_next_step_buttons() -> None:
    props = card_props(RECORD)
    assert (
        props["image"] == "https://cdn.example/airbook.jpg"
        and props["url"] == "https://shop.example/p/airbook"
    )
    assert props["price"].startswith("$899") and props["specs"] == [
        "Weight: 1.1 kg",
        "Battery: 15 h",
        "RAM: 16 GB",
    ]
    assert props["source"] == "" and card_props(RECORD, staff=True)["source"] == "laptops.csv"
    assert props["actions"] == [
        {"label": "Compare", "message": "Compare the Voltix AirBook 13 [LAP-001] with similar products."},
        {"label": "I want this one", "message": "I want the Voltix AirBook 13 [LAP-001]."},
    ]
    assert card_props(RECORD, "zh")["actions"][1] == {
        "label": "我要这款",
        "message": "我想要 Voltix AirBook 13 [LAP-001]。",
    }


def test_script_and_data_urls_from_a_catalog_never_reach_a_card() -> None:
    hostile = RECORD | {
        "image": "data:image/svg+xml;base64,PHN2Zz4=",
        "url": "javascript:alert(document.cookie)",
    }
    props = card_props(hostile)
    assert props["image"] is None and props["url"] is None
    assert card_props(RECORD | {"image": None, "url": ""})["image"] is None


def test_cards_follow_the_citations_and_skip_policies() -> None:
    policy = {"id": "FAQ-1", "kind": "faq", "title": "Returns"}
    other = RECORD | {"id": "LAP-004", "name": "Kestrel Scout 14"}
    assert [c["id"] for c in cards_for([RECORD, policy, other], ["LAP-004", "FAQ-1", "LAP-001"])] == [
        "LAP-004",
        "LAP-001",
    ]
