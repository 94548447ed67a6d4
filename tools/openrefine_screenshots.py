"""Screenshots of OpenRefine reconciling against the service, for docs/reconcile.md.

    python tools/openrefine_screenshots.py --openrefine http://127.0.0.1:3333 \
        --service http://127.0.0.1:8000/reconcile --out docs/img

Needs a running OpenRefine (scripts/openrefine.sh start) and a running service
(serve.py over a built graph). Registers the service in OpenRefine, makes a project
from a small CSV of council names, reconciles and extends it through OpenRefine's
HTTP API (tests/openrefine.py), then photographs the real web UI in headless Chromium.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from openrefine import OpenRefine  # noqa: E402

CSV = ("council,people\nStoke,Abi Brown\nStoke-on-Trent City Council,\n861,\nE09000025,\nQ17022507,\n"
       "Durham County Council,\nHull,\nLondon Borough of Newham,\nKent,\nBirmingham City Council,\n")


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
                 "--window-size=1280,800"):
        options.add_argument(flag)
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"), options=options)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--openrefine", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    args = parser.parse_args()
    refine = OpenRefine(args.openrefine)
    refine.add_service(args.service)
    project = refine.create_project("councils-docs", CSV)
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            driver.get(f"{args.openrefine}/project?project={project}")
            time.sleep(4)
            header = driver.find_element(By.CSS_SELECTOR, "th.column-header[title='council']")
            header.find_element(By.CSS_SELECTOR, ".column-header-menu").click()
            time.sleep(0.5)
            item = driver.find_element(By.XPATH, "//*[contains(@class, 'menu-item')][contains(., 'Reconcile')]")
            ActionChains(driver).move_to_element(item).click(item).perform()
            time.sleep(0.5)
            driver.find_element(By.XPATH, "//*[contains(@class, 'menu-item')][contains(., 'Start reconciling')]").click()
            time.sleep(3)
            for item in driver.find_elements(By.CSS_SELECTOR, ".recon-dialog-service-list a, .recon-dialog-service-selector"):
                if "ofsted" in item.text.lower():
                    item.click()
                    break
            time.sleep(3)
            driver.save_screenshot(str(args.out / "openrefine-reconcile-dialog.png"))
            driver.get("about:blank")
            refine.reconcile(project, "council", args.service, "Authority", "Council")
            refine.extend(project, "council", args.service, [
                {"id": "gssCode", "name": "ONS GSS code"}, {"id": "region", "name": "Region"},
                {"id": "latestGrade/overall-effectiveness", "name": "Latest grade: Overall effectiveness"},
                {"id": "latestGradeDate/overall-effectiveness", "name": "Latest grade date: Overall effectiveness"}],
                at=1)
            driver.get(f"{args.openrefine}/project?project={project}")
            time.sleep(4)
            driver.save_screenshot(str(args.out / "openrefine-reconciled.png"))
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
