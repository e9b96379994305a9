"""jianbao site: valid HTML5, an Atom feed, nothing outside the site, incremental and atomic builds,
and offline search in a real headless Chromium opened from file://."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.archive.corpus import archive_workspace, png
from tests.conftest import _copy_workspace, run_cli


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One workspace with four issues (a figure, sub-headings, a note, a source, a 增刊), built once."""
    root = _copy_workspace(tmp_path_factory.mktemp("site") / "ws")
    archive_workspace(root)
    result = run_cli("site", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "共 4 期" in result.stdout
    return root


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_valid_html5_in_chinese(built):
    import html5lib

    site = built / "site"
    assert {p.relative_to(site).as_posix() for p in pages(site)} == {
        "index.html", "years/2008.html", "years/2009.html", "years/2010.html",
        "issues/2008-06.html", "issues/2009-01.html", "issues/2009-02.html", "issues/2010-Z01.html"}
    for page in pages(site):
        text = page.read_text("utf-8")
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        tree = parser.parse(text)  # raises on any parse error, a missing doctype included
        assert tree.get("lang") == "zh-CN", page
        assert tree.find("head/meta[@charset='utf-8']") is not None
        assert tree.find("head/meta[@name='viewport']") is not None
        ids = [e.get("id") for e in tree.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), page
        assert len(tree.findall(".//h1")) <= 1, page


def _references(page: Path) -> list[str]:
    import html5lib

    tree = html5lib.parse(page.read_text("utf-8"), namespaceHTMLElements=False)
    return [e.get(attr) for e in tree.iter() for attr in ("href", "src", "action", "srcset", "poster")
            if e.get(attr) is not None]


def test_no_page_refers_to_anything_outside_the_site_and_every_link_resolves(built):
    site = built / "site"
    checked = 0
    for page in pages(site):
        for ref in _references(page):
            parts = urlsplit(ref)
            assert not parts.scheme and not parts.netloc and not ref.startswith("/"), (page, ref)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and site.resolve() in target.parents, (page, ref)
            if parts.fragment:
                assert f'id="{parts.fragment}"' in target.read_text("utf-8"), (page, ref)
            checked += 1
    assert checked > 40
    for asset in [*site.rglob("*.css"), *site.rglob("*.js")]:
        text = asset.read_text("utf-8")
        assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", text, re.I), asset


def test_issue_page_is_the_bulletin(built):
    import html5lib

    page = built / "site" / "issues" / "2009-01.html"
    tree = html5lib.parse(page.read_text("utf-8"), namespaceHTMLElements=False)
    text = "".join(tree.itertext())
    masthead = tree.find(".//p[@class='jb-masthead']")
    assert masthead.text == "成都市政府网站简报"
    assert tree.find(".//div[@class='jb-rule']") is not None
    css = (built / "site" / "assets" / "style.css").read_text("utf-8")
    assert re.search(r"\.jb-masthead \{[^}]*color:#FF0000", css) and re.search(r"\.jb-rule \{[^}]*solid #FF0000", css)
    assert "@media print" in css and "@media (max-width" in css
    toc = [(a.get("href"), a.text) for a in tree.findall(".//nav[@class='jb-toc']//a")]
    assert toc == [("#a1", "金牛区政务网改版上线"), ("#a2", "武侯区推进电子政务")]
    assert [h.text for h in tree.findall(".//article/h2")] == ["金牛区政务网改版上线", "武侯区推进电子政务"]
    assert [h.text for h in tree.findall(".//article/h3")] == ["一、总体情况", "（一）小标题专用词琅琊"]
    assert "编者按：" in text and "本文介绍编者按专用词璇玑的由来。" in text
    assert "（来源专用词麒麟供稿）" in text
    img = tree.find(".//figure/img")
    assert img.get("src") == "../figures/2009-01/photo-1.png"
    assert (built / "site" / "figures" / "2009-01" / "photo-1.png").read_bytes() == png()
    assert tree.find(".//figure/figcaption").text == "图为图注专用词饕餮"
    # The 报尾's distribution lists stay off public pages unless asked for.
    assert "市政府秘书长" not in text and "送：" not in text


def test_index_lists_years_newest_first(built):
    text = (built / "site" / "index.html").read_text("utf-8")
    assert text.index("2010 年") < text.index("2009 年") < text.index("2008 年")
    assert text.index("2009 第 2 期") < text.index("2009 第 1 期")


def test_the_feed_is_atom(built, tmp_path):
    import feedparser

    feed = feedparser.parse(str(built / "site" / "feed.xml"))
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    assert [e.title for e in feed.entries][:2] == ["成都市政府网站简报增刊 2010 增刊第 1 期", "成都市政府网站简报 2009 第 2 期"]
    root = ET.parse(built / "site" / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.tag == f"{atom}feed"
    for entry in root.findall(f"{atom}entry"):
        assert entry.find(f"{atom}id").text and entry.find(f"{atom}updated").text
    # With --base-url every link of the feed is absolute.
    out = tmp_path / "public"
    result = run_cli("site", "--out", str(out), "--base-url", "https://www.example.gov.cn/jianbao", cwd=built)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse(str(out / "feed.xml"))
    assert not feed.bozo and feed.entries
    assert all(e.link.startswith("https://www.example.gov.cn/jianbao/issues/") for e in feed.entries)
    assert feed.feed.links and any(link.href == "https://www.example.gov.cn/jianbao/feed.xml" for link in feed.feed.links)


def test_distribution_only_when_asked(built, tmp_path):
    out = tmp_path / "with"
    assert run_cli("site", "--out", str(out), "--with-distribution", cwd=built).returncode == 0
    assert "送：市政府秘书长" in (out / "issues" / "2009-01.html").read_text("utf-8")


def _inodes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def test_rebuild_writes_only_what_changed(workspace_dir):
    archive_workspace(workspace_dir)
    site = workspace_dir / "site"
    assert run_cli("site", cwd=workspace_dir).returncode == 0
    for path in (workspace_dir / "issues").rglob("*"):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # as if written long before the build
    assert run_cli("site", cwd=workspace_dir).returncode == 0  # settles what was too new to trust
    first = _inodes(site)
    again = run_cli("site", cwd=workspace_dir)
    assert "本次写入 0 期" in again.stdout
    assert _inodes(site) == first

    manifest = workspace_dir / "issues" / "2009-02.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("青白江", "龙泉驿"), "utf-8")
    changed = run_cli("site", cwd=workspace_dir)
    assert "本次写入 1 期" in changed.stdout, changed.stdout
    now = _inodes(site)
    different = {name for name in first if now.get(name) != first[name]}
    assert "issues/2009-02.html" in different
    assert {"issues/2008-06.html", "issues/2009-01.html", "issues/2010-Z01.html", "years/2008.html",
            "years/2010.html", "search/2008.js", "figures/2009-01/photo-1.png"}.isdisjoint(different)
    assert "龙泉驿" in (site / "issues" / "2009-02.html").read_text("utf-8")
    shard = (site / "search" / "2009.js").read_text("utf-8")
    assert "龙泉驿" in shard and "青白江" not in shard
    assert "小标题专用词琅琊" in shard and "图为图注专用词饕餮" in shard  # 2009-01, not read again, kept

    manifest.unlink()
    assert run_cli("site", cwd=workspace_dir).returncode == 0
    assert not (site / "issues" / "2009-02.html").exists()
    assert "2009-02" not in (site / "index.html").read_text("utf-8")


def test_a_failed_build_leaves_the_site_as_it_was(workspace):
    from jianbao_cli.archive.site import build_site

    archive_workspace(workspace.root)
    out = workspace.root / "site"
    build_site(workspace, out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    manifest = workspace.root / "issues" / "2009-02.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("青白江", "龙泉驿"), "utf-8")
    (workspace.root / "issues" / "2008-06.yaml").unlink()

    def crash(staging):
        assert "龙泉驿" in (staging / "issues" / "2009-02.html").read_text("utf-8")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_site(workspace, out, _before_swap=crash)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".site") and p.name != ".site.lock"] == []


def test_two_builds_of_one_site_at_once_are_refused_not_interleaved(workspace):
    from jianbao_cli.archive.site import build_site
    from jianbao_cli.errors import JianbaoError

    out = workspace.root / "site"

    def second_build(staging):
        with pytest.raises(JianbaoError, match="另一个 jianbao site 正在生成"):
            build_site(workspace, out)

    build_site(workspace, out, _before_swap=second_build)
    assert (out / "issues" / "2008-06.html").is_file()


def test_an_existing_folder_that_is_not_a_site_is_not_overwritten(workspace_dir):
    other = workspace_dir / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("x")
    result = run_cli("site", "--out", str(other), cwd=workspace_dir)
    assert result.returncode == 2 and "不是 jianbao 生成的网站" in result.stderr
    assert [p.name for p in other.iterdir()] == ["keep.txt"]


def test_rendered_files_are_linked_and_copied(workspace_dir):
    assert run_cli("render", "2008-06", cwd=workspace_dir).returncode == 0
    assert run_cli("site", cwd=workspace_dir).returncode == 0
    page = (workspace_dir / "site" / "issues" / "2008-06.html").read_text("utf-8")
    assert 'href="../downloads/2008-06.docx"' in page
    assert (workspace_dir / "site" / "downloads" / "2008-06.docx").read_bytes() == \
        (workspace_dir / "build" / "2008-06.docx").read_bytes()


def test_render_html_is_one_self_contained_fragment(workspace_dir):
    import html5lib

    archive_workspace(workspace_dir)
    result = run_cli("render", "2009-01", "--html", cwd=workspace_dir)
    assert result.returncode == 0, result.stderr
    text = (workspace_dir / "build" / "2009-01.html").read_text("utf-8")
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    fragment = parser.parseFragment(text)
    elements = list(fragment.iter())
    assert not any(e.get("class") for e in elements if isinstance(e.tag, str))
    assert "<style" not in text and "<link" not in text and "<script" not in text
    (img,) = [e for e in elements if e.tag == "img"]
    import base64

    assert img.get("src") == "data:image/png;base64," + base64.b64encode(png()).decode()
    masthead = next(e for e in elements if e.text == "成都市政府网站简报")
    assert "color:#FF0000" in masthead.get("style")
    assert "金牛区政务网改版上线" in text and "市政府秘书长" not in text


# --- in a real browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium, driver_path = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
    if not (chromium.exists() and driver_path.exists()):
        pytest.fail("需要 Debian 的 chromium 与 chromium-driver（apt-get install chromium chromium-driver）")
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium Manager reach the internet
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1000,1400", "--lang=zh-CN"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(driver_path)), options=options)
    yield driver
    driver.quit()


def test_offline_search_from_file_url_finds_the_article_and_opens_it(built, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    index = (built / "site" / "index.html").resolve()
    browser.get(index.as_uri())
    assert browser.title == "成都市政府网站简报"
    box = browser.find_element(By.ID, "q")
    box.send_keys("琅琊")
    wait = WebDriverWait(browser, 20)
    wait.until(EC.text_to_be_present_in_element((By.ID, "search-status"), "找到"))
    links = browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")
    assert [a.text for a in links] == ["金牛区政务网改版上线"]
    assert browser.find_element(By.CSS_SELECTOR, "#search-results mark").text == "琅琊"

    box.clear()
    box.send_keys("金牛")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#search-results li > a")) == 4)
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")]
    assert set(titles[:2]) == {"金牛区政务网改版上线", "金牛开通在线政务服务第一时间解答群众疑问"}

    box.clear()
    box.send_keys("琅琊")
    wait.until(lambda d: [a.text for a in d.find_elements(By.CSS_SELECTOR, "#search-results li > a")]
               == ["金牛区政务网改版上线"])
    browser.find_element(By.CSS_SELECTOR, "#search-results li > a").click()
    wait.until(lambda d: d.current_url.endswith("issues/2009-01.html#a1"))
    heading = browser.find_element(By.CSS_SELECTOR, "#a1 h2")
    assert heading.text == "金牛区政务网改版上线" and heading.is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, ".jb-masthead").value_of_css_property("color") in (
        "rgba(255, 0, 0, 1)", "rgb(255, 0, 0)")
    # Every image of the page loaded from the site folder itself.
    assert browser.execute_script(
        "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")


def test_issue_page_fits_a_phone_and_prints_without_the_site_around_it(built, browser):
    from selenium.webdriver.common.by import By

    page = (built / "site" / "issues" / "2009-01.html").resolve().as_uri()
    try:
        browser.set_window_size(390, 844)
        browser.get(page)
        width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], width
        image = browser.find_element(By.CSS_SELECTOR, "figure img")
        assert image.size["width"] <= width[1]
        nav = browser.find_element(By.CSS_SELECTOR, ".jb-nav")
        assert nav.is_displayed()
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert not nav.is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, ".jb-masthead").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1000, 1400)


def test_a_manifest_broken_mid_edit_keeps_its_published_page(workspace_dir):
    archive_workspace(workspace_dir)
    assert run_cli("site", cwd=workspace_dir).returncode == 0
    page = workspace_dir / "site" / "issues" / "2009-02.html"
    published = page.read_bytes()
    (workspace_dir / "issues" / "2009-02.yaml").write_text("series: [\n", "utf-8")
    result = run_cli("site", cwd=workspace_dir)
    assert result.returncode == 0
    assert "2009-02.yaml" in result.stderr and "保留上次生成的页面" in result.stderr
    assert page.read_bytes() == published
    assert "issues/2009-02.html" in (workspace_dir / "site" / "index.html").read_text("utf-8")
