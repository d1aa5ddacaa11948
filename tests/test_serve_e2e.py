"""`clausecheck serve` in a real browser: Debian's Chromium driven by Selenium (issue 13).

The server runs as users start it (`clausecheck serve --port 0`); the browser uploads a
sample, reads the findings, follows a finding to its clause, downloads the redline, then a
folder run's matrix. Skipped, with the reason, where Chromium or its driver is not installed.
"""

from __future__ import annotations

import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    pytest.skip("Chromium and its driver are not installed (apt-get install chromium "
                "chromium-driver); the browser tests need them", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver",
                                reason="selenium is not installed (pip install '.[test]')")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "sample_contracts"
WAIT = 90  # seconds: a bound for slow machines, not a speed requirement


def start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, TMPDIR=str(tmp))
    proc = subprocess.Popen([sys.executable, "-m", "clausecheck", "serve", "--port", "0",
                             "-j", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, text=True)
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    if not selector.select(timeout=WAIT):
        proc.kill()
        raise AssertionError("clausecheck serve printed no address")
    line = proc.stdout.readline().strip()
    assert line.startswith("clausecheck serve: http://127.0.0.1:"), line
    return proc, line.split(": ", 1)[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve-e2e")
    proc, url = start_server(tmp)
    yield url
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=WAIT)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "the server stopped" in err
    assert not list(tmp.glob("clausecheck-serve-*")), "the uploads folder was left behind"


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()


def wait(driver, condition):
    return WebDriverWait(driver, WAIT, poll_frequency=0.1).until(condition)


def open_page(browser, server: str, query: str = "") -> None:
    """The start page, the token given first: a test may be the first this browser runs
    (pytest-xdist hands the tests of a file to different processes)."""
    browser.get(server)
    if query:
        browser.get(server.split("?", 1)[0] + query)


def test_check_a_contract_follow_a_finding_and_download_the_redline(server, browser,
                                                                     downloads) -> None:
    browser.get(server)  # the token goes into a cookie and out of the address
    assert "token=" not in browser.current_url
    browser.find_element(By.ID, "file").send_keys(str(SAMPLES / "nda_ja_weak.docx"))
    assert "nda_ja_weak.docx" in browser.find_element(By.ID, "chosen").text
    browser.find_element(By.ID, "submit").click()
    wait(browser, EC.url_contains("/r/"))

    # everything the page needs comes from the app itself, within its CSP
    problems = [e["message"] for e in browser.get_log("browser")
                if e["level"] == "SEVERE" or "Content Security Policy" in e["message"]]
    assert problems == []

    verdict = browser.find_element(By.ID, "verdict")
    assert "必須条項に不備あり" in verdict.text
    # a return on request only: weak, naming the missing return at the end
    weak = browser.find_element(By.ID, "f-return_deletion")
    assert "不十分" in weak.text and "契約終了時の返還・廃棄" in weak.text

    # a finding's clause reference: the clause is highlighted and scrolled into the pane
    ref = browser.find_element(By.CSS_SELECTOR, "#f-purpose a.ref[data-unit]")
    unit_id = ref.get_attribute("data-unit")
    ref.click()
    unit = browser.find_element(By.ID, unit_id)
    wait(browser, lambda d: "focus" in unit.get_attribute("class"))
    assert unit.text.startswith("第1条")
    wait(browser, lambda d: d.execute_script(
        "var u = arguments[0], p = document.getElementById('text');"
        "var a = u.getBoundingClientRect(), b = p.getBoundingClientRect();"
        "return a.top >= b.top - 1 && a.top < b.bottom;", unit))

    # a clause: which provisions it serves
    browser.find_element(By.CSS_SELECTOR, f"#{unit_id} .ut").click()
    box = browser.find_element(By.ID, "serves-box")
    wait(browser, lambda d: box.is_displayed())
    assert "目的・範囲の限定" in box.text
    assert "active" in browser.find_element(By.ID, "f-purpose").get_attribute("class")

    # the redline
    browser.find_element(By.ID, "dl-redline").click()
    target = downloads / "nda_ja_weak.clausecheck.docx"
    wait(browser, lambda d: target.exists() and not list(downloads.glob("*.crdownload")))
    with zipfile.ZipFile(target) as zf:
        assert "<w:ins " in zf.read("word/document.xml").decode("utf-8")


def test_a_folder_gives_the_matrix_and_a_cell_opens_the_report(server, browser) -> None:
    open_page(browser, server)
    files = [SAMPLES / "nda_en_weak.docx", SAMPLES / "nda_en_sound.docx"]
    browser.find_element(By.ID, "file").send_keys("\n".join(str(f) for f in files))
    browser.find_element(By.ID, "submit").click()
    wait(browser, EC.url_contains("/b/"))
    wait(browser, EC.presence_of_element_located((By.ID, "matrix")))
    rows = browser.find_elements(By.CSS_SELECTOR, "#matrix tbody tr")
    assert len(rows) == 2
    browser.find_element(By.ID, "flt-failing").click()
    shown = [r for r in rows if r.is_displayed()]
    assert [r.get_attribute("data-name") for r in shown] == ["nda_en_weak.docx"]
    cell = shown[0].find_element(By.CSS_SELECTOR, "td.c.st-weak a")
    provision = cell.get_attribute("href").rsplit("#f-", 1)[1]
    cell.click()
    wait(browser, EC.url_contains("/r/"))
    card = browser.find_element(By.ID, f"f-{provision}")
    assert card.is_displayed()
    assert "不十分" in card.text  # the display language chosen on the start page (Japanese)


def test_the_side_menu_follows_the_type_and_a_party_gives_the_clis_json(
        server, browser, tmp_path, capsys, monkeypatch) -> None:
    from selenium.webdriver.support.ui import Select

    from cli_runner import run

    open_page(browser, server, "?lang=ja")
    side = Select(browser.find_element(By.ID, "opt-side"))

    def offered() -> list[str]:
        return [o.text for o in side.options if o.is_enabled()]

    assert "受託者（受領者）" in offered() and "開示者（自社が情報を開示する側）" in offered()
    Select(browser.find_element(By.ID, "opt-type")).select_by_value("outsourcing")
    assert offered() == ["委託者（開示者）", "受託者（受領者）", "相互（双方が開示し、受け取る）"]
    assert side.first_selected_option.text == "委託者（開示者）"  # the discloser, as before
    side.select_by_visible_text("受託者（受領者）")
    Select(browser.find_element(By.ID, "opt-type")).select_by_value("license")
    assert side.first_selected_option.text == "ライセンシー（実施権者・受領者）"  # same side
    Select(browser.find_element(By.ID, "opt-type")).select_by_value("outsourcing")
    assert side.first_selected_option.get_attribute("value") == "受託者"

    browser.find_element(By.ID, "file").send_keys(str(SAMPLES / "jr_ja_weak.docx"))
    browser.find_element(By.ID, "submit").click()
    wait(browser, EC.url_contains("/r/"))
    assert "受託者（受領者）" in browser.find_element(By.CSS_SELECTOR, ".meta").text
    page_json = browser.execute_async_script(
        "var done = arguments[0];"
        "fetch(location.pathname + '/report.json').then(function (r) { return r.text(); })"
        ".then(done);")
    shutil.copy(SAMPLES / "jr_ja_weak.docx", tmp_path / "jr_ja_weak.docx")
    monkeypatch.chdir(tmp_path)
    code, cli_out, err = run(["check", "jr_ja_weak.docx", "--type", "outsourcing",
                              "--side", "受託者", "--format", "json"], capsys)
    assert code in (0, 1), err
    assert page_json == cli_out
