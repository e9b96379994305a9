"""docs/site-issue.png: the example issue's page of `jianbao site`, photographed by the real headless Chromium.

    .venv/bin/python scripts/site_screenshot.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must not reach the internet
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        (ws / "issues").mkdir(parents=True)
        shutil.copyfile(REPO / "jianbao.yaml", ws / "jianbao.yaml")
        shutil.copyfile(REPO / "issues" / "2008-06.yaml", ws / "issues" / "2008-06.yaml")
        subprocess.run([str(Path(sys.executable).with_name("jianbao")), "site"], cwd=ws, check=True)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,1500",
                         "--hide-scrollbars", "--lang=zh-CN"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        try:
            driver.get((ws / "site" / "issues" / "2008-06.html").as_uri())
            target = REPO / "docs" / "site-issue.png"
            driver.save_screenshot(str(target))
            print(f"wrote {target}")
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
