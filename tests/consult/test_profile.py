import pytest

from agent.consult.profile import describe, need_text, update_profile
from agent.retrieval.categories import CategoryMatcher

SAMPLE = CategoryMatcher.from_products(
    {"category": c} for c in ["Laptops", "Smartphones", "Headphones", "Monitors", "Smart Home", "Wearables"]
)
GROCER = CategoryMatcher.from_products(
    {"category": c}
    for c in [
        "Beverages",
        "Foodgrains, Oil & Masala",
        "Beauty & Hygiene",
        "Baby Care",
        "Snacks & Branded Foods",
    ]
)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("I need a light laptop for university under $1,000", {"budget_max": 1000.0, "category": "Laptops"}),
        ("预算3000元以内的手机", {"budget_max": 3000.0, "category": "Smartphones"}),
        ("something between 500 and 900 dollars", {"budget_min": 500.0, "budget_max": 900.0}),
        ("budget 1.5k for gaming", {"budget_max": 1500.0, "use_case": "gaming"}),
        ("I'll take 3 units, email bob@example.com", {"quantity": 3, "email": "bob@example.com"}),
        ("我叫王小明，电话13812345678", {"name": "王小明", "phone": "13812345678"}),
    ],
)
def test_profile_reads_budget_needs_and_contact(message: str, expected: dict[str, object]) -> None:
    profile = update_profile({}, message, "en", SAMPLE)
    assert {k: profile.get(k) for k in expected} == expected


def test_later_statements_override_and_earlier_facts_stay() -> None:
    profile = update_profile({}, "a gaming laptop under $2000", "en", SAMPLE)
    profile = update_profile(
        profile, "actually my budget is $1200, and it should be lightweight", "en", SAMPLE
    )
    assert profile["budget_max"] == 1200 and profile["use_case"] == "gaming"
    assert profile["preferences"] == ["lightweight"]
    assert describe(profile) == "budget up to 1200; category: Laptops; use case: gaming; wants lightweight"


def test_contact_details_stay_out_of_the_prompt_description() -> None:
    profile = update_profile({}, "my email is eve@example.com, phone +1 415 555 0199", "en")
    assert profile["email"] == "eve@example.com" and profile["phone"] == "+14155550199"
    assert "eve@" not in describe(profile) and "415" not in describe(profile)


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("some cooking oil under 300 rupees", "Foodgrains, Oil & Masala"),
        ("有什么饮料推荐", "Beverages"),
        ("shampoo for my baby", "Baby Care"),
        ("a laptop for school", None),  # the grocer has no laptops: no filter at all
        ("something tasty", None),
    ],
)
def test_categories_come_from_the_catalog(message: str, category: str | None) -> None:
    assert update_profile({}, message, "en", GROCER).get("category") == category


def test_a_category_the_catalog_lacks_is_never_set() -> None:
    assert "category" not in update_profile({}, "I need a new phone", "en", GROCER)
    assert update_profile({}, "I need a new phone", "en", SAMPLE)["category"] == "Smartphones"


@pytest.mark.parametrize(
    ("message", "need"),
    [
        ("我想买燕麦，预算178卢比以内", "燕麦"),
        ("有没有花生酱？", "花生酱"),  # not "没有花生酱": "no peanut butter" is another search
        ("请问有没有降噪耳机", "降噪耳机"),
        ("Do you have green tea under ₹200?", "green tea"),
    ],
)
def test_the_need_is_searched_without_the_shopping_phrases_around_it(message: str, need: str) -> None:
    assert need_text(message) == need
