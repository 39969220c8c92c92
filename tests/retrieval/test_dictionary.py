"""CC-CEDICT's English for a Chinese request: the nouns, cut at the longest dictionary words."""

from __future__ import annotations

from agent.retrieval.dictionary import english_words, segment


def test_the_request_is_cut_at_the_longest_words_the_dictionary_has() -> None:
    assert segment("我想买花生酱和燕麦，预算300卢比") == [
        "我",
        "想",
        "买",
        "花生酱",
        "和",
        "燕麦",
        "预算",
        "卢比",
    ]
    assert segment("hello 咖啡!") == ["咖啡"]


def test_nouns_give_their_english_and_verbs_particles_and_measure_words_give_none() -> None:
    everything = lambda word: True  # noqa: E731
    assert english_words("我要两瓶橄榄油", everything) == ["olive", "oil"]
    assert english_words("我想买咖啡", everything) == ["coffee"]
    assert english_words("我想要", everything) == []  # "to want" is not something to sell


def test_only_the_words_the_catalog_uses_are_kept() -> None:
    catalog = {"headphones", "noise", "cancelling"}.__contains__
    assert english_words("有没有适合通勤的降噪耳机？", catalog) == ["noise", "headphones"]
