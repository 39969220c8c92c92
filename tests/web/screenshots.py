"""Take the README screenshots with a real model's answers (default: the embedded one), not the
test fake's echo: ``.venv/bin/python -m tests.web.screenshots --out docs/screenshots``.

Runs the real app on a copy of ``var/index`` with two staff logins, the demo shop page on another
origin, and Debian's chromium; checks only that each screen shows what it is meant to show.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from agent.web.users import UserStore
from tests.web.browser import chromium, click_starter, login, send
from tests.web.live import ROOT, LiveApp, shop_page

SAM = ("sam", "sam-password-1")
TIMEOUT_MS = 180_000  # a small model on a laptop's cores takes its time


def _page(browser: Any, width: int = 1280, height: int = 900, locale: str = "en-US") -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _widget(page: Any, shop: str, app: LiveApp) -> Any:
    page.goto(f"{shop}/index.html?server={app.url}")
    page.locator("#chainlit-copilot-button").click()
    return page.locator("#chainlit-copilot")


def _wait_answer(widget: Any, count: int) -> None:
    """Until the assistant has given ``count`` answers and stopped streaming."""
    widget.locator("[data-step-type=assistant_message]").nth(count - 1).wait_for()
    widget.locator("#chat-submit").wait_for()  # the stop button is gone


def _scroll_to(message: Any) -> None:
    """Until ``message`` is shown, then with it at the bottom of its chat."""
    message.wait_for()
    message.evaluate("e => e.scrollIntoView({block: 'end'})")


def take(out: Path, llm: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with shop_page() as shop, tempfile.TemporaryDirectory() as home:
        UserStore(Path(home) / "users.json").set_user(*SAM, "salesperson")
        app = LiveApp(
            Path(home), ROOT / "var" / "index", [shop], "screenshots-" + "x" * 40, {"SALES_LLM": llm}
        )
        app.start()
        try:
            with chromium() as browser:
                _screens(browser, app, shop, out)
        finally:
            app.stop()


def _screens(browser: Any, app: LiveApp, shop: str, out: Path) -> None:
    sam = _page(browser)
    login(sam, app, *SAM)
    send(sam, "Compare LAP-001 and LAP-004 for a customer who travels a lot")
    sam.locator("[data-testid=product-card]").nth(1).wait_for()
    sam.get_by_text("Used Intent and records").click()
    sam.screenshot(path=str(out / "staff.png"))

    customer = _page(browser)
    widget = _widget(customer, shop, app)
    click_starter(widget, "Help me choose: Laptops")
    widget.locator("[data-testid=product-card]").first.wait_for()
    _wait_answer(widget, 2)
    widget.locator("[data-testid=product-card]").first.evaluate("e => e.scrollIntoView({block: 'end'})")
    customer.screenshot(path=str(out / "widget.png"))

    sam.locator("#new-chat-button").click()
    sam.get_by_role("button", name="Confirm").click()
    send(widget, "Thanks. Can I talk to a person about a discount for two?")
    sam.get_by_role("button", name="Take this conversation").last.click()
    widget.get_by_text("has joined the chat", exact=False).wait_for()
    send(widget, "Hi Sam, would you do 10% off for two AirBooks?")
    _scroll_to(sam.get_by_text("would you do 10% off", exact=False).last)
    sam.screenshot(path=str(out / "handoff-staff.png"))
    send(sam, "Hi! For two AirBooks I can do 5% off, and shipping is free.")
    _scroll_to(widget.get_by_text("I can do 5% off", exact=False).last)
    customer.screenshot(path=str(out / "handoff-customer.png"))

    phone = _page(browser, 390, 844, "zh-CN")
    widget = _widget(phone, shop, app)
    click_starter(widget, "帮我挑选：Laptops")
    widget.locator("[data-testid=product-card]").first.wait_for()
    _wait_answer(widget, 2)
    widget.locator("[data-step-type=assistant_message]").nth(1).evaluate("e => e.scrollIntoView()")
    phone.screenshot(path=str(out / "widget-phone-zh.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--llm", default="embedded", help="SALES_LLM for the app (default: embedded)")
    args = parser.parse_args()
    take(args.out, args.llm)


if __name__ == "__main__":
    main()
