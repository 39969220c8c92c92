from agent.catalog_names import kind_names

NAMES = [
    "face wash",
    "neem face wash",
    "mix fruit face wash",
    "face wash - oil clear glow",
    "green tea",
    "green tea bags",
    "voltix airbook 13",
    "voltix airbook 13 pro",
]


def test_a_name_inside_several_other_names_is_a_kind_and_a_model_name_is_not() -> None:
    assert kind_names(NAMES) == {"face wash"}  # "green tea" is inside one other name only
    assert kind_names([*NAMES, "organic green tea", "green tea with lemon"]) == {"face wash", "green tea"}
