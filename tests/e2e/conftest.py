"""Browser tests: Playwright driving Debian's Chromium against Django's live server.

Screenshots go to ``artifacts/screenshots`` (not committed) so a person can look at them.
The ``axe`` fixture runs axe-core (npm, installed by ``scripts/setup dev`` into
``node_modules/``) in the page and fails on any serious or critical violation.
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server's threads answer one request at a time. On SQLite the test database
    is in memory and the live server's threads share its one connection; a browser loading
    several pictures of a page at once would otherwise use it from two threads at once
    ("bad parameter or other API misuse"). PostgreSQL gives each thread its own."""

    _turn = threading.Lock()

    def set_app(self, application):
        turn = self._turn

        def in_turn(environ, start_response):
            with turn:
                return application(environ, start_response)

        super().set_app(in_turn)


if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    LiveServerThread.server_class = OneRequestAtATime

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: Set by scripts/test, after ``scripts/setup dev``: axe-core must then be there.
DEV_SETUP = "OGIDESK_DEV_SETUP"
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/setup does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, target=None):
        (target or page).screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        reason = f"{AXE} is missing: run scripts/setup dev (it installs npm axe-core)"
        if os.environ.get(DEV_SETUP):
            pytest.fail(reason)
        pytest.skip(reason)
    return AXE.read_text(encoding="utf-8")


def describe_violations(violations: list[dict], url: str) -> str:
    """axe-core's violations as a person reads them: rule, impact, help, each element."""
    lines = [f"axe-core: {len(violations)} serious or critical violation(s) on {url}"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture
def axe(page, axe_source):
    """``axe()`` checks the page as it is now (the whole document, WCAG 2.1 A and AA and
    axe's best practices) and fails listing every serious or critical violation."""

    def check(target=None):
        target = target or page
        # Evaluated through the DevTools protocol, so the pages' CSP does not stop it.
        target.evaluate(axe_source)
        results = target.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        serious = [v for v in results["violations"] if v["impact"] in SERIOUS]
        if serious:
            pytest.fail(describe_violations(serious, target.url), pytrace=False)
        return results

    return check
