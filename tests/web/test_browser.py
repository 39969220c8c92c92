"""The three kinds of user in a real browser: Debian's chromium driven by Playwright against
the app on 127.0.0.1, the widget on a shop page from another origin. Screenshots go to
``$SCREENSHOT_DIR`` (default ``var/screenshots``) and the README shows them."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import NEEDS_CHROMIUM, SHOTS, chromium, click_starter, login, playwright_api, send
from tests.web.conftest import PRIVACY_URL, STAFF, LiveApp

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        yield browser


def _page(browser, width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(30_000)
    return page


def _login(page, app: LiveApp, name: str) -> None:  # type: ignore[no-untyped-def]
    login(page, app, name, STAFF[name][0])


def _open_widget(page, shop_origin: str, app: LiveApp) -> tuple[Any, list[str]]:  # type: ignore[no-untyped-def]
    """The shop page with the widget open, and the widget's crashes as they happen. The first
    ``/user`` answer is checked: a widget that starts signed out signs itself in, learns it seconds
    later and redraws mid-chat, losing the conversation on screen (a React error, seen in CI)."""
    crashes: list[str] = []
    page.on("console", lambda m: crashes.append(m.text) if "React error" in m.text else None)
    with page.expect_response(lambda r: r.url.startswith(f"{app.url}/user")) as first_user:
        page.goto(f"{shop_origin}/index.html?server={app.url}")
    assert first_user.value.status == 200  # the customer is known from the start
    page.locator("#chainlit-copilot-button").click()
    return page.locator("#chainlit-copilot"), crashes


def _wait_for_rows(app: LiveApp, query: str, timeout: float = 10) -> list[tuple[object, ...]]:
    deadline = time.monotonic() + timeout
    while True:
        with closing(sqlite3.connect(app.home / "chat.sqlite")) as db:
            rows = db.execute(query).fetchall()
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_staff_consultation_with_steps_cards_feedback_history_and_restart(browser, live_app: LiveApp) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser)
    _login(page, live_app, "sam")
    page.get_by_text("Compare two products").wait_for()  # staff starters on an empty thread
    send(page, "Compare LAP-001 and LAP-004")
    cards = page.locator("[data-testid=product-card]")
    cards.nth(1).wait_for()
    shown = " ".join(cards.all_inner_texts())
    assert "Voltix AirBook 13\n$899.00" in shown and "Kestrel Scout 14\n$549.00" in shown
    page.get_by_text("Used Intent and records").click()  # staff can open the step and see why
    page.get_by_text("records (", exact=False).wait_for()
    assert "intent: comparison" in page.locator(".step", has_text="Used Intent and records").inner_text()
    page.screenshot(path=str(SHOTS / "staff.png"))

    # Thumbs down with a comment is stored with the answer.
    page.locator("button:has(svg.lucide-thumbs-down)").first.click()
    page.get_by_placeholder("Your feedback...").fill("Mention the weight difference")
    page.get_by_role("button", name="Submit feedback").click()
    rows = _wait_for_rows(live_app, "SELECT value, comment FROM feedbacks")
    assert rows == [(0, "Mention the weight difference")]
    thread_url = page.url

    # History: a new chat, then resume the first one from the sidebar; the agent remembers it.
    page.locator("#new-chat-button").click()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("Compare two products").wait_for()
    page.get_by_role("button", name="Compare LAP-001 and LAP-004").first.click()
    cards.first.wait_for()
    send(page, "tell me more about the second one")
    page.get_by_text("[LAP-004] Kestrel Scout 14", exact=False).nth(1).wait_for()

    # A server restart: the conversation and its memory are still there.
    live_app.restart()
    page.goto(thread_url)
    page.locator("[data-testid=product-card]").first.wait_for()
    before = page.locator(".step").count()
    send(page, "and the first one?")
    page.wait_for_function(f"document.querySelectorAll('.step').length > {before + 1}")
    page.get_by_text("[LAP-001] Voltix AirBook 13", exact=False).last.wait_for()
    page.close()


def test_widget_on_a_shop_page_answers_customers_without_internal_steps(
    browser, live_app: LiveApp, shop_origin: str
) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser)
    widget, crashes = _open_widget(page, shop_origin, live_app)
    click_starter(widget, "Help me choose: Laptops")
    widget.locator("[data-testid=product-card]").first.wait_for()
    # Markup in a message is shown as text, never run.
    send(widget, '<img src=x onerror="window.__injected = 1"> and headphones?')
    widget.get_by_text('<img src=x onerror="window.__injected = 1">', exact=False).first.wait_for()
    assert page.evaluate("window.__injected") is None
    assert widget.get_by_text("Used Intent and records").count() == 0
    assert widget.locator("#command-ingest").count() == 0
    page.screenshot(path=str(SHOTS / "widget.png"))
    assert crashes == []
    page.close()


def test_admin_uploads_a_catalog_and_the_next_answer_uses_it(
    browser, live_app: LiveApp, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    new_catalog = tmp_path / "tablets.csv"
    new_catalog.write_text(
        "id,name,brand,category,price,currency,stock,key_specs,description\n"
        'TAB-900,Zephyr Tab 11,Zephyr,Tablets,$459.00,USD,12,"Screen: 11"" 120 Hz; Storage: 256 GB",'
        "Light tablet for drawing and note-taking.\n"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"products": [ {"id": "X-1", ')
    page = _page(browser)
    _login(page, live_app, "ada")

    def upload(path: Path) -> None:
        page.locator("#command-ingest").click()
        send(page, f"add {path.name}")
        browse = page.get_by_text("Browse Files")
        browse.wait_for()
        # The drop zone can render before its handlers attach: offer the file until it is taken.
        for _ in range(5):
            page.locator("input[type=file]").last.set_input_files(str(path))
            try:
                browse.wait_for(state="hidden", timeout=3_000)
                return
            except playwright_api.TimeoutError:
                continue
        raise AssertionError(f"the upload form never took {path.name}")

    upload(broken)
    refusal = page.get_by_text("Nothing was changed", exact=False)
    refusal.wait_for(timeout=60_000)
    assert page.get_by_text("broken.json:1: malformed JSON", exact=False).is_visible()
    upload(new_catalog)
    page.get_by_text("Knowledge updated").wait_for(timeout=120_000)
    send(page, "Tell me about the Zephyr Tab 11")
    card = page.locator("[data-testid=product-card]", has_text="Zephyr Tab 11")
    card.wait_for()
    assert "$459.00" in card.inner_text()

    page.locator("#command-report").click()
    send(page, "last 30 days")
    # The report's table heading and its chart both carry the title; the chart draws a moment later.
    heading = page.get_by_role("heading", name="Top requested products")
    heading.wait_for()
    page.locator("text.gtitle", has_text="Top requested products").wait_for()
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "admin.png"))
    page.close()


def test_a_salesperson_takes_over_a_customers_chat_live_and_hands_it_back(
    browser, live_app: LiveApp, shop_origin: str
) -> None:  # type: ignore[no-untyped-def]
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    shop = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    sam = staff.new_page()
    sam.set_default_timeout(60_000)  # two browsers and the app on two shared cores
    _login(sam, live_app, "sam")  # logged in before the customer asks: the queue must reach them live
    primary = sam.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--primary')")
    assert primary.strip() == "0.0 67.9% 41.6%"  # SALES_BRAND_COLOR in the staff app too
    page = shop.new_page()
    page.set_default_timeout(60_000)
    widget, crashes = _open_widget(page, shop_origin, live_app)

    # The shop's assistant: its name in the greeting, its own footer, no Chainlit anywhere.
    widget.get_by_text(
        "welcome to Maple Electronics! I am Maple Electronics Assistant", exact=False
    ).wait_for()
    widget.get_by_text("The Maple Electronics assistant can make mistakes", exact=False).wait_for()
    assert widget.get_by_role("link", name="Privacy notice").get_attribute("href") == PRIVACY_URL
    assert "chainlit" not in widget.inner_text().lower()
    starter = widget.locator("[data-testid=starter]", has_text="Talk to a person")
    assert starter.evaluate("e => getComputedStyle(e).color") == "rgb(178, 34, 34)"  # SALES_BRAND_COLOR
    logo = widget.locator("img[src*='/logo']").first.get_attribute("src") or ""
    assert "Maple Electronics" in page.request.get(logo if "://" in logo else live_app.url + logo).text()
    click_starter(widget, "Talk to a person")
    widget.get_by_text("has been told and will join", exact=False).or_(
        widget.get_by_text("outside those hours", exact=False)
    ).first.wait_for()

    # The salesperson sees the waiting customer, with what they asked, and takes the chat.
    entry = sam.locator(".step", has_text="Customer waiting for a person").last
    entry.wait_for()
    assert "talk to a person" in entry.inner_text()
    sam.get_by_role("button", name="Take this conversation").last.click()
    sam.get_by_text("What you write here now goes to the customer", exact=False).wait_for()
    widget.get_by_text("Sam from the Maple Electronics team has joined", exact=False).wait_for()

    # Both ways, live; the assistant says nothing meanwhile.
    answers_before = widget.locator("[data-step-type=assistant_message]").count()
    send(widget, "Is the AirBook available in silver?")
    sam.get_by_text("Is the AirBook available in silver?", exact=False).last.wait_for()
    sam.screenshot(path=str(SHOTS / "handoff-staff.png"))  # before sending: the page scrolls to it
    send(sam, "Yes, the silver one ships tomorrow.")
    reply = widget.get_by_text("Yes, the silver one ships tomorrow.", exact=False).last
    reply.wait_for()
    time.sleep(1.5)  # an assistant answer would have streamed by now
    shown = widget.locator("[data-step-type=assistant_message]").all_inner_texts()
    assert len(shown) == answers_before + 1 and "Sam:" in shown[-1]
    reply.evaluate("e => e.scrollIntoView({block: 'end'})")
    page.screenshot(path=str(SHOTS / "handoff-customer.png"))

    # Handed back: the assistant answers the next message again, with cards that send the next step.
    sam.get_by_role("button", name="Hand back to the assistant").click()
    widget.get_by_text("handed the chat back to the assistant", exact=False).wait_for()
    send(widget, "I need a light laptop for travel under $900")
    card = widget.locator("[data-testid=product-card]", has_text="Voltix AirBook 13").first
    card.wait_for()
    card.locator("[data-testid=card-action]", has_text="I want this one").click()
    widget.get_by_text("I want the Voltix AirBook 13 [LAP-001].", exact=False).wait_for()
    assert crashes == []
    staff.close()
    shop.close()


def test_the_widget_on_a_chinese_phone_speaks_chinese_and_fits_the_screen(
    browser, live_app: LiveApp, shop_origin: str
) -> None:  # type: ignore[no-untyped-def]
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    page.set_default_timeout(60_000)
    widget, crashes = _open_widget(page, shop_origin, live_app)
    widget.get_by_text("欢迎光临 Maple Electronics！我是 Maple Electronics Assistant", exact=False).wait_for()
    assert (
        widget.locator("#chat-input").get_attribute("placeholder") == "在此输入您的消息..."
    )  # Chainlit's texts
    widget.get_by_text("Maple Electronics 智能助手可能出错", exact=False).wait_for()  # the shop's footer
    assert "chainlit" not in widget.inner_text().lower()
    click_starter(widget, "帮我挑选：Laptops")
    card = widget.locator("[data-testid=product-card]").first
    card.wait_for()
    assert widget.locator("[data-testid=card-action]", has_text="我要这款").count() >= 1
    for box in (widget.bounding_box(), card.bounding_box()):  # nothing wider than the phone
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path=str(SHOTS / "widget-phone-zh.png"))
    assert crashes == []
    phone.close()


def test_another_shops_customer_sees_neither_the_sample_store_nor_a_file_name(
    browser, shop_origin: str, tmp_path_factory: pytest.TempPathFactory, toy_index: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import SECRET

    home = tmp_path_factory.mktemp("toy-shop")
    app = LiveApp(home, toy_index, [shop_origin], SECRET, {"SALES_SHOP_NAME": "Toy Corner"})
    app.start()
    try:
        page = _page(browser)
        widget, crashes = _open_widget(page, shop_origin, app)
        widget.get_by_text("welcome to Toy Corner! I am Toy Corner Assistant", exact=False).wait_for()
        click_starter(widget, "Help me choose: ")
        widget.locator("[data-testid=product-card]").first.wait_for()
        send(widget, "魔方")
        widget.locator("[data-testid=product-card]", has_text="Speed Cube").first.wait_for()
        seen = widget.inner_text()
        assert "Maple" not in seen and "products.csv" not in seen and "Voltix" not in seen
        assert crashes == []
        page.close()
    finally:
        app.stop()
