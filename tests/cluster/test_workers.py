"""Two app workers (separate processes, each with its own empty state folder) behind Debian's nginx,
sharing one PostgreSQL and nothing else: what a customer and the sales team would notice."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.storage.users import UserTable
from tests.cluster.balancer import Balancer, nginx_available
from tests.web.client import ChainlitClient
from tests.web.live import ROOT, LiveApp, login_token

SECRET = "cluster-secret-" + "x" * 40
SHOP = "http://127.0.0.1:8001"
ADDRESS_LIMIT = 6

pytestmark = pytest.mark.skipif(
    not nginx_available() and not os.environ.get("CI"), reason="needs Debian's nginx (.ci/services.sh)"
)


@pytest.fixture(scope="module")
def workers(
    tmp_path_factory: pytest.TempPathFactory, sample_index: Path, database_url: str
) -> Iterator[list[LiveApp]]:
    apps = []
    staff = UserTable(database_url)  # the cluster's staff: added once, for every worker
    staff.set_user("ada", "ada-password-1", "admin")
    staff.set_user("sam", "sam-password-1", "salesperson")
    for name in ("a", "b"):
        home = tmp_path_factory.mktemp(f"worker-{name}")  # empty
        env = {
            "SALES_DATABASE_URL": database_url,
            # Worker b starts with no knowledge at all: it pulls the index a seeds from PostgreSQL.
            **({"SALES_INDEX_DIR": str(home / "index-pulled")} if name == "b" else {}),
            "SALES_IP_MESSAGES_PER_MINUTE": str(ADDRESS_LIMIT),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        apps.append(LiveApp(home, sample_index, [SHOP], SECRET, env=env))
    _start_together(apps)  # an empty database, two workers migrating it at the same moment
    yield apps
    for app in apps:
        app.stop()


@pytest.fixture(scope="module")
def balancer(tmp_path_factory: pytest.TempPathFactory, workers: list[LiveApp]) -> Iterator[Balancer]:
    lb = Balancer(tmp_path_factory.mktemp("nginx"), [f"127.0.0.1:{app.port}" for app in workers])
    lb.start()
    yield lb
    lb.stop()


def _start_together(apps: list[LiveApp]) -> None:
    errors: list[BaseException] = []

    def start(app: LiveApp) -> None:
        try:
            app.start()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=start, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _token(lb: Balancer) -> str:
    request = urllib.request.Request(f"{lb.url}/widget/token", method="POST", headers={"Origin": SHOP})
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.loads(response.read())["token"])


def _identifier(token: str) -> str:
    payload = token.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["identifier"])


def _pinned_session(lb: Balancer, worker: LiveApp) -> str:
    """A session id that the balancer sends to ``worker`` (it hashes on the session cookie). A
    worker just restarted gets requests again only when nginx's fail_timeout (10 s) has passed
    since it failed one: until then every session goes to the other."""
    target = f"127.0.0.1:{worker.port}"
    deadline = time.monotonic() + 30
    while True:
        found = next(
            (sid for sid in (str(uuid.uuid4()) for _ in range(50)) if lb.served_by(sid) == target), None
        )
        if found is not None:
            return found
        assert time.monotonic() < deadline, f"the balancer sends no session to {target}"
        time.sleep(1)


async def _customer(
    lb: Balancer, token: str, address: str, session_id: str, thread_id: str | None = None
) -> ChainlitClient:
    client = ChainlitClient(lb.url, token, client_type="copilot", origin=SHOP)
    client.session_id = session_id
    client.extra_headers = {"X-Forwarded-For": address}  # nginx appends its own; the app trusts it
    await client.connect(thread_id)
    return client


def _cli(worker: LiveApp, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, env=worker.env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_both_workers_came_up_on_an_empty_database_and_both_serve(
    workers: list[LiveApp], balancer: Balancer
) -> None:
    served = {balancer.served_by(str(uuid.uuid4())) for _ in range(40)}
    assert served == {f"127.0.0.1:{app.port}" for app in workers}


async def test_a_conversation_goes_on_with_its_memory_after_its_worker_is_killed(
    workers: list[LiveApp], balancer: Balancer
) -> None:
    first_worker, other = workers
    token = _token(balancer)
    session = _pinned_session(balancer, first_worker)
    client = await _customer(balancer, token, "203.0.113.1", session)
    first = await client.ask("I need noise cancelling headphones under $200", timeout=120)
    thread = client.thread_id
    await client.close()
    assert thread and len(re.findall(r"\[([A-Z]{3}-\d{3})\]", first.answer)) >= 2
    os.kill(first_worker.pid, signal.SIGKILL)  # a crash: no shutdown hook runs
    try:
        # The same widget session reconnects: its worker is gone, the balancer moves it.
        again = await _customer(balancer, token, "203.0.113.1", session, thread_id=thread)
        follow_up = await again.ask("tell me more about the second one", timeout=120)
        await again.close()
        assert balancer.served_by(session) == f"127.0.0.1:{other.port}"
    finally:
        first_worker.restart()
    second = re.findall(r"\[([A-Z]{3}-\d{3})\]", first.answer)[1]
    assert f"[{second}]" in follow_up.answer


async def test_a_lead_taken_by_one_worker_is_in_the_report_and_export_of_the_other(
    workers: list[LiveApp], balancer: Balancer
) -> None:
    taker, other = workers
    token = _token(balancer)
    client = await _customer(balancer, token, "203.0.113.2", _pinned_session(balancer, taker))
    await client.ask("I need noise cancelling headphones under $200", timeout=120)
    await client.ask("I want to buy 2 of the first one")
    done = await client.ask("Sure, I want to order it: my email is li@example.com")
    await client.close()
    [lead_id] = re.findall(r"L-[0-9A-F]{8}", done.answer)

    assert lead_id in _cli(other, "agent.report")
    who = _identifier(token)
    exported = json.loads(_cli(other, "agent.privacy", "export", "--user", who))
    assert [lead["id"] for lead in exported["leads"]] == [lead_id]
    assert json.loads(exported["leads"][0]["contact"]) == {"email": "li@example.com"}
    assert exported["threads"] and exported["threads"][0]["messages"]

    deleted = json.loads(_cli(other, "agent.privacy", "delete", "--user", who))
    assert deleted["leads"] == 1 and deleted["checkpoints"] >= 1
    after = json.loads(_cli(taker, "agent.privacy", "export", "--user", who))
    assert after["threads"] == [] and after["leads"] == []
    assert lead_id not in _cli(taker, "agent.report")


async def test_a_flooding_customer_is_limited_in_total_not_per_worker(
    workers: list[LiveApp], balancer: Balancer
) -> None:
    address = "203.0.113.3"
    sessions = [_pinned_session(balancer, worker) for worker in workers for _ in range(2)]
    answers = []
    for session in sessions:  # four widget sessions from one address, two on each worker
        client = await _customer(balancer, _token(balancer), address, session)
        answers += [(await client.ask("hello", timeout=120)).answer for _ in range(2)]
        await client.close()
    limited = [a for a in answers if "faster than I can answer" in a]
    assert len(answers) - len(limited) == ADDRESS_LIMIT  # 6 of 8, although each worker saw only 4


async def test_a_customer_on_one_worker_and_a_salesperson_on_the_other_talk_live(
    workers: list[LiveApp], balancer: Balancer
) -> None:
    customer_worker, staff_worker = workers
    staff = ChainlitClient(balancer.url, login_token(balancer.url, "sam", "sam-password-1"))
    staff.session_id = _pinned_session(balancer, staff_worker)
    await staff.connect()
    session = _pinned_session(balancer, customer_worker)
    customer = await _customer(balancer, _token(balancer), "203.0.113.5", session)
    asked = await customer.ask("I want to talk to a person")
    assert "outside those hours" in asked.answer or "will join this chat shortly" in asked.answer
    # The queue entry, queued on the customer's worker, pops up in the staff chat on the other one.
    entry = await staff.wait_for_message("- Customer: I want to talk to a person")
    take = await _action(staff, "handoff_take", entry["id"])
    assert await staff.call_action(take) == 200
    joined = await customer.wait_for_message("has joined the chat")
    assert joined["name"] == "Sam (Maple Electronics)"
    taken = await staff.wait_for_message("goes to the customer")
    hand_back = await _action(staff, "handoff_hand_back", taken["id"])

    silent = await customer.ask("Do you have the AirBook in silver?")
    assert silent.answer == ""  # the assistant stays silent
    relayed = await staff.wait_for_message("Do you have the AirBook in silver")
    assert relayed["name"] == "Customer"
    sent = await staff.ask("Yes, the silver one ships tomorrow.")
    assert "chat closed" not in str(sent.events)  # it reached the customer's chat on the other worker
    from_sam = await customer.wait_for_message("the silver one ships tomorrow")
    assert from_sam["name"] == "Sam (Maple Electronics)"

    assert await staff.call_action(hand_back) == 200
    await customer.wait_for_message("handed the chat back")
    again = await customer.ask("I need a light laptop for travel under $900")
    assert "LAP-001" in again.answer  # the assistant answers again
    # Neither side moved: each worker delivered to the chat it holds.
    assert balancer.served_by(session) == f"127.0.0.1:{customer_worker.port}"
    assert balancer.served_by(staff.session_id) == f"127.0.0.1:{staff_worker.port}"
    await staff.close()
    await customer.close()


async def _action(client: ChainlitClient, name: str, for_id: str, timeout: float = 30) -> dict[str, Any]:
    """A button of that message: Chainlit sends a message's buttons just after the message."""
    async with asyncio.timeout(timeout):
        while not (found := [a for a in client.actions() if a["name"] == name and a["forId"] == for_id]):
            await asyncio.sleep(0.05)
    return found[0]


NEW_PRODUCT = (
    "id,name,brand,category,price,currency,stock,key_specs,description\n"
    'KET-901,Brewmaster Glass Kettle,Brewmaster,Kitchen,$49.00,USD,12,"Capacity: 1.7 l; Power: 2200 W",'
    '"Borosilicate glass electric kettle with a blue light, keeps water warm for 30 minutes."\n'
)


async def test_a_product_uploaded_through_one_worker_is_in_the_next_answer_of_the_other(
    workers: list[LiveApp], balancer: Balancer, tmp_path: Path
) -> None:
    uploader, other = workers
    upload = tmp_path / "kettles.csv"
    upload.write_text(NEW_PRODUCT)
    admin = ChainlitClient(balancer.url, login_token(balancer.url, "ada", "ada-password-1"))
    admin.session_id = _pinned_session(balancer, uploader)

    async def answer_the_file_prompt(data: dict[str, object]) -> list[dict[str, str]]:
        # What the browser does: the file goes over HTTP (pinned to the session's worker by its
        # cookie), the prompt is answered with its reference.
        parent = str(data["msg"]["parentId"])  # type: ignore[index]
        return [await asyncio.to_thread(_upload_file, balancer, admin, upload, parent)]

    admin._sio.on("ask", answer_the_file_prompt)
    # Chainlit deletes <cwd>/.files when any app stops: every app started from this checkout (other
    # tests' too) shares it, where real workers each have their own machine.
    (ROOT / ".files").mkdir(exist_ok=True)
    await admin.connect()
    await admin.ask("", command="ingest", timeout=120)
    done = await admin.wait_for_message("Knowledge updated", timeout=180)
    await admin.close()
    assert "added 1" in str(done["output"])

    customer = await _customer(balancer, _token(balancer), "203.0.113.4", _pinned_session(balancer, other))
    reply = ""
    for _ in range(20):  # the other worker pulls within a few seconds, without a restart
        reply = (await customer.ask("do you sell a glass electric kettle?", timeout=120)).answer
        if "KET-901" in reply:
            break
        await asyncio.sleep(1)
    await customer.close()
    assert "KET-901" in reply


def test_a_salesperson_added_once_logs_in_through_either_worker(workers: list[LiveApp]) -> None:
    added = subprocess.run(
        [sys.executable, "-m", "agent.staff", "add", "lee", "--password-stdin"],
        cwd=ROOT,
        env=workers[1].env,
        input="lee-password-1\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr[-2000:]
    for worker in workers:  # no restart, no file copied to the other machine
        assert login_token(worker.url, "lee", "lee-password-1")
    assert not (workers[1].home / "users.json").exists()
    for worker in workers:  # neither created an admin of its own: the cluster has its staff
        assert not (worker.home / "initial-admin-password").exists()


def _upload_file(lb: Balancer, client: ChainlitClient, path: Path, parent: str) -> dict[str, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{lb.url}/project/file?session_id={client.session_id}&ask_parent_id={parent}",
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": f"access_token={client.token}; X-Chainlit-Session-id={client.session_id}",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return {"id": str(json.loads(response.read())["id"])}


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="needs Debian's chromium"
)
def test_a_staff_conversation_resumes_in_the_browser_after_its_worker_is_killed(
    workers: list[LiveApp], balancer: Balancer
) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{balancer.url}/login")
        page.locator("input#email").fill("sam")
        page.locator("input#password").fill("sam-password-1")
        page.get_by_role("button", name="Sign In").click()
        page.locator("#chat-input").fill("Compare LAP-001 and LAP-004")
        page.locator("#chat-submit").click()
        page.locator("[data-testid=product-card]").nth(1).wait_for()
        page.wait_for_url("**/thread/**")
        thread_url = page.url
        session = next(c["value"] for c in page.context.cookies() if c["name"] == "X-Chainlit-Session-id")
        served = balancer.served_by(str(session))
        [dead] = [app for app in workers if f"127.0.0.1:{app.port}" == served]
        os.kill(dead.pid, signal.SIGKILL)
        try:
            page.goto(thread_url)  # the staff member reloads: another worker, the same thread
            page.locator("[data-testid=product-card]").first.wait_for()
            answer = page.get_by_text("[LAP-004] Kestrel Scout 14", exact=False)
            before = answer.count()
            page.locator("#chat-input").fill("tell me more about the second one")
            page.locator("#chat-submit").click()
            page.wait_for_function(
                "n => [...document.querySelectorAll('.step')].filter(e => "
                "e.innerText.includes('[LAP-004] Kestrel Scout 14')).length > n",
                arg=before,
            )
            assert balancer.served_by(str(session)) != served
        finally:
            browser.close()
            dead.restart()
