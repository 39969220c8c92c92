from agent.consult.references import referenced_ids

RECOMMENDED = ["LAP-001", "LAP-004", "LAP-007"]
PRICES = {"LAP-001": 899.0, "LAP-004": 549.0, "LAP-007": 699.0}


def test_ordinals_in_english_and_chinese() -> None:
    assert referenced_ids("tell me more about the second one", RECOMMENDED, PRICES) == ["LAP-004"]
    assert referenced_ids("第三款有货吗", RECOMMENDED, PRICES) == ["LAP-007"]
    assert referenced_ids("the last one", RECOMMENDED, PRICES) == ["LAP-007"]


def test_the_cheaper_one_and_pronouns() -> None:
    assert referenced_ids("is the cheaper one any good?", RECOMMENDED, PRICES) == ["LAP-004"]
    assert referenced_ids("compare them", RECOMMENDED, PRICES) == ["LAP-001", "LAP-004"]
    assert referenced_ids("I want it", RECOMMENDED, PRICES) == ["LAP-001"]


def test_nothing_to_refer_to() -> None:
    assert referenced_ids("the second one", [], {}) == []
    # Only one product was shown: "the second one" is that list again, not a product never seen.
    assert referenced_ids("tell me more about the second one", ["LAP-007"], PRICES) == ["LAP-007"]
    assert referenced_ids("which laptop is best for gaming?", RECOMMENDED, PRICES) == []


def test_products_named_by_catalog_name_are_found_in_message_order() -> None:
    from agent.consult.references import named_ids

    products = {
        "LAP-001": {"name": "Voltix AirBook 13", "brand": "Voltix"},
        "LAP-002": {"name": "Voltix ProBook 16", "brand": "Voltix"},
        "LAP-004": {"name": "Kestrel Scout 14", "brand": "Kestrel"},
    }
    assert named_ids("I like the voltix probook 16 more than the AirBook 13", products) == [
        "LAP-002",
        "LAP-001",
    ]
    assert named_ids("is 14 inches enough?", products) == []  # a bare number names nothing


def test_an_answer_citing_a_product_without_its_brand_cites_it() -> None:
    from agent.consult.records import Record, records_cited

    laptop: Record = {"id": "ZH-LAP-01", "kind": "product", "name": "华光 轻薄本 Air 14", "brand": "华光"}
    tablet: Record = {"id": "TAB-2", "kind": "product", "name": "Lumio S9", "brand": "Lumio"}
    cited = records_cited("推荐轻薄本 Air 14，售价 ¥4,999。S9 也不错。", [tablet, laptop])
    assert cited == [laptop]  # "S9" is too short a leftover to name the tablet


def test_it_and_both_mean_what_the_last_answer_was_about() -> None:
    # After "tell me about the second one", "it" is the second, not the list's first.
    assert referenced_ids("I'll take it", RECOMMENDED, PRICES, ["LAP-004"]) == ["LAP-004"]
    assert referenced_ids("它有货吗？", RECOMMENDED, PRICES, ["LAP-007"]) == ["LAP-007"]
    assert referenced_ids("compare both", RECOMMENDED, PRICES, ["LAP-007", "LAP-004"]) == [
        "LAP-007",
        "LAP-004",
    ]
    # Ordinals still count in the list the customer was shown.
    assert referenced_ids("the first one", RECOMMENDED, PRICES, ["LAP-004"]) == ["LAP-001"]
