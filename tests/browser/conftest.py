"""A live server on the real database and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VENDOR = Path(__file__).resolve().parents[2] / "talent" / "static" / "vendor" / "gcds" / "gcds.esm.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if not VENDOR.exists():
        problems.append("front-end assets are not built (make assets)")
    if problems:
        message = "; ".join(problems)
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def live_server(worker_app: Any, committed: Any) -> Iterator[str]:
    """The app served over HTTP in a thread, on the committing test database."""
    from werkzeug.serving import make_server

    worker_app.config["TASK_DISPATCH"] = "record"  # e-mails stay in the outbox; no worker needed here
    server = make_server("127.0.0.1", 0, worker_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        worker_app.config["TASK_DISPATCH"] = "celery"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-CA")
    page = context.new_page()
    page.console_messages = []
    page.on("console", lambda message: page.console_messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: page.console_messages.append(f"pageerror: {error}"))
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


def confirm_address(page: Any, base: str, committed: Any, email: str) -> None:
    """Follow the link of the confirmation e-mail (from the outbox) and press its button, as a person
    who registered does next."""
    from tests.browser.journey_helpers import confirmation_link

    page.goto(base + confirmation_link(committed, email))
    page.locator("#main-content gcds-button[type=submit]").click()
