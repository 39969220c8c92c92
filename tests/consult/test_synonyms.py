"""The shop's synonym groups: a customer's word the catalog does not use (or the dictionary
translates otherwise) finds the products the shop means, in English and in Chinese."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from agent.consult.builder import open_consultant
from agent.consult.deps import ConsultDeps
from agent.consult.synonyms import Synonyms
from agent.ingestion.problems import SourceError
from agent.llm.factory import ChatModelChoice
from agent.llm.fake import ScriptedChatModel
from tests.consult.conftest import DepsFor

GROCER = """id,name,category,price,currency
G-10,Rolled Oats 1kg,Breakfast Cereals,199,INR
G-11,Masala Oats Pouch,Breakfast Cereals,45,INR
G-20,Amul Salted Butter 500g,Dairy,275,INR
G-21,Butter Cookies,Biscuits,60,INR
G-22,Pure Cow Ghee 1L,Dairy,640,INR
G-23,Desi Ghee Jar 500ml,Dairy,330,INR
G-40,Toned Milk 1L,Dairy,60,INR
G-50,Neem Face Wash 100ml,Beauty,150,INR
G-51,Body Lotion Cocoa,Beauty,210,INR
G-60,Whole Wheat Bread,Bakery,40,INR
"""
CATALOG_WORDS = {"ghee", "oats", "face", "wash", "trainers"}.__contains__


def test_groups_are_read_with_chinese_separators_comments_and_gbk(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    path.write_bytes("# the shop's words\n酥油，ghee\n\n洗面奶、洁面乳, Face  Wash  # both\n".encode("gbk"))
    synonyms = Synonyms.read(path)
    assert synonyms.groups == [("酥油", "ghee"), ("洗面奶", "洁面乳", "face wash")]
    assert not Synonyms.read(tmp_path / "missing.txt")


def test_a_group_of_one_term_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "synonyms.txt"
    path.write_text("sneakers, trainers\nporridge\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"synonyms\.txt:2: a synonym group needs two or more terms"):
        Synonyms.read(path)


def test_terms_match_whole_words_plurals_and_chinese_inside_a_sentence() -> None:
    synonyms = Synonyms([["sneaker", "trainers"], ["洗面奶", "face wash"], ["酥油", "ghee"], ["tea", "chai"]])
    found = synonyms.expand("Any SNEAKERS for running?", CATALOG_WORDS)
    assert found.words == ["trainers"] and "sneakers" not in found.rest and "trainers" in found.rest
    assert synonyms.expand("我想买洗面奶和酥油", CATALOG_WORDS).words == ["face", "wash", "ghee"]
    assert synonyms.expand("a gentle Face\n Wash", CATALOG_WORDS).words == []  # the group's own words
    assert Synonyms([["face wash", "洗面奶", "ghee"]]).expand("Face  Wash?", CATALOG_WORDS).words == ["ghee"]
    # The rest goes to the translation: the shop's words stand where its terms stood.
    assert synonyms.expand("我想买洗面奶和酥油", CATALOG_WORDS).rest.split() == [
        "我想买",
        "face",
        "wash",
        "和",
        "ghee",
    ]
    assert synonyms.expand("Any SNEAKERS?", CATALOG_WORDS).rest.split() == ["any", "trainers", "?"]
    # "steam" holds "tea" but is another word; "chai" is no word of this catalog.
    assert synonyms.expand("a steam iron", CATALOG_WORDS).words == []
    assert synonyms.expand("some tea please", CATALOG_WORDS).words == []


def _with_synonyms(deps: ConsultDeps, tmp_path: Path, lines: str) -> ConsultDeps:
    path = tmp_path / "synonyms.txt"
    path.write_text(lines, encoding="utf-8")
    return replace(deps, synonyms=Synonyms.read(path))


async def _shown(deps: ConsultDeps, message: str) -> tuple[set[str], str]:
    choice = ChatModelChoice("fake", ScriptedChatModel(script=[]), calls_tools=False)
    async with open_consultant(deps.settings, deps, choice) as consultant:
        result = await consultant.answer(f"t-{len(deps.synonyms.groups)}-{message}", message)
    return {r["id"] for r in result.records if r["kind"] == "product"}, result.answer


async def test_the_shops_word_for_a_chinese_request_replaces_the_dictionarys(
    deps_for: DepsFor, tmp_path: Path
) -> None:
    deps = deps_for(GROCER)
    shown, _ = await _shown(deps, "我想买酥油")
    assert "G-20" in shown  # the dictionary's 酥油 is "butter"
    shown, answer = await _shown(_with_synonyms(deps, tmp_path, "酥油, ghee\n"), "我想买酥油")
    assert {"G-22", "G-23"} <= shown and not shown & {"G-20", "G-21"}
    assert "Ghee" in answer


async def test_an_english_word_the_catalog_lacks_finds_the_shops_products(
    deps_for: DepsFor, tmp_path: Path
) -> None:
    deps = deps_for(GROCER)
    shown, answer = await _shown(deps, "Do you sell porridge?")
    assert not shown  # no catalog word: the shop's categories and a question
    shown, answer = await _shown(_with_synonyms(deps, tmp_path, "porridge, oats\n"), "Do you sell porridge?")
    assert {"G-10", "G-11"} <= shown and "Oats" in answer


def test_a_new_index_brings_the_edited_synonyms_and_a_bad_edit_keeps_the_old(
    deps: ConsultDeps, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "synonyms.txt"
    deps.settings = deps.settings.model_copy(update={"synonyms_file": path})
    path.write_text("notebook, laptop\n", encoding="utf-8")
    deps.swap_retriever(deps.retriever)  # what a worker does when ingestion publishes an index
    assert deps.synonyms.groups == [("notebook", "laptop")]
    path.write_text("notebook, laptop\ncellphone\n", encoding="utf-8")
    deps.swap_retriever(deps.retriever)
    assert deps.synonyms.groups == [("notebook", "laptop")]
    assert "synonyms.txt:2: a synonym group needs two or more terms" in caplog.text
