"""The pictures, drawn by headless Chromium from a live server: no console errors, the elements there.

Screenshots are kept under artefacts/screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = PROJECT / "artefacts" / "screenshots"

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
    pytest.skip("BROWSER TESTS SKIPPED: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402  (only once Chromium is known to be there)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def base_url(live_server, pages_store) -> Iterator[str]:
    """The real app under uvicorn, over the pages fixture, on a free port."""
    with live_server(pages_store.directory) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def visit(browser: webdriver.Chrome, url: str, screenshot: str) -> None:
    browser.get(url)
    WebDriverWait(browser, 10).until(lambda b: b.execute_script("return document.readyState") == "complete")


def finish(browser: webdriver.Chrome, screenshot: str) -> None:
    """Keep the screenshot, then fail on any console error the page logged."""
    browser.save_screenshot(str(SCREENSHOTS / f"{screenshot}.png"))
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_council_page_draws_its_timeline_in_grade_colours(browser: webdriver.Chrome, base_url: str) -> None:
    visit(browser, f"{base_url}/authority/E06000021", "council")
    rows = [t.text for t in browser.find_elements(By.CSS_SELECTOR, "svg.timeline .row-label")]
    assert rows[0] == "Inspections" and "Council leader" in rows and "Director of children's services" in rows
    fills = {r.get_attribute("fill") for r in browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.mark rect")}
    assert {"#d32f2f", "#ffb300", "#43a047"} <= fills  # inadequate 2019, requires improvement and good in 2022
    captions = {t.text for t in browser.find_elements(By.CSS_SELECTOR, "svg.timeline .caption")}
    assert {"Abi Brown", "Sarah Parker"} <= captions
    assert browser.find_elements(By.CSS_SELECTOR, ".category a.quote")
    finish(browser, "council")


def test_graph_view_draws_the_council_neighbourhood(browser: webdriver.Chrome, base_url: str) -> None:
    visit(browser, f"{base_url}/authority/E06000021/graph", "graph")
    WebDriverWait(browser, 15).until(lambda b: b.execute_script("return window.graphView !== undefined"))
    assert browser.execute_script("return window.graphView.nodes().length") == 19
    assert browser.find_elements(By.CSS_SELECTOR, "#graph canvas")
    filters = browser.find_elements(By.CSS_SELECTOR, "#graph-filters input[type=checkbox]")
    assert {f.get_attribute("data-type") for f in filters} == {"authority", "inspection", "judgement", "concern", "person"}
    next(f for f in filters if f.get_attribute("data-type") == "concern").click()
    hidden = browser.execute_script("return window.graphView.nodes('[type = \"concern\"]').filter(n => n.hidden()).length")
    assert hidden == 5
    finish(browser, "graph")


def test_source_view_highlights_and_scrolls_to_the_quote(browser: webdriver.Chrome, base_url: str) -> None:
    visit(browser, f"{base_url}/source/000_news.txt?start=185&end=255#quote", "source")
    mark = browser.find_element(By.CSS_SELECTOR, "mark#quote")
    assert mark.text == "social worker caseloads were too high, averaging more than 25 children"
    assert browser.execute_script("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight", mark)
    finish(browser, "source")


def test_compare_page_colours_each_graded_inspection(browser: webdriver.Chrome, base_url: str) -> None:
    visit(browser, f"{base_url}/compare", "compare")
    regions = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "tr.region th")]
    assert regions == ["East Midlands", "West Midlands"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "a.cell")) == 4
    finish(browser, "compare")


def test_person_and_inspection_pages_render_cleanly(browser: webdriver.Chrome, base_url: str) -> None:
    visit(browser, f"{base_url}/id/person/abi-brown", "person")
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.role a.quote")) == 2
    finish(browser, "person")
    visit(browser, f"{base_url}/id/inspection/E06000021/ilacs-standard/2022-10", "inspection")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.judgements .grade")) == 4
    finish(browser, "inspection")
