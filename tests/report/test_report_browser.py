"""The weekly report in a real browser: headless Chromium renders it with no console errors and no
network requests, hostile feed text never runs, and the page looks like a report (screenshot)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from report.build import write_report
from tests.fixtures.report.browser import find_chromium, open_report
from tests.fixtures.report.warehouse import HOSTILE_NAME, HOSTILE_TITLE, WEEK
from tests.support.paths import REPO_ROOT

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium binary (Debian: apt-get install chromium; or set $CHROMIUM)",
    ),
]
WIDTH = 1200
CHECKS = {
    "pwned": "typeof window.__pwned",
    "scripts": "document.scripts.length",
    "unsafe_links": "[...document.links].filter(a => !/^https?:/.test(a.href)).length",
    "text": "document.body.innerText",
    "images_loaded": "[...document.images].every(i => i.complete && i.naturalWidth > 0)",
    "images": "document.images.length",
    "overflow": "document.documentElement.scrollWidth - document.documentElement.clientWidth",
}


@pytest.fixture(scope="module")
def page(report_warehouse: Path, tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("browser")
    paths = write_report(report_warehouse, WEEK, tmp / "reports", "UTC")
    assert CHROMIUM is not None
    result = open_report(paths.html, binary=CHROMIUM, width=WIDTH, evaluate=CHECKS)
    (tmp / "screenshot.png").write_bytes(result.screenshot)
    return paths, result


def test_renders_without_console_errors_or_network_requests(page) -> None:
    paths, result = page
    assert result.console_errors == []
    assert result.requests == [paths.html.resolve().as_uri()]  # the file itself, nothing else
    assert result.values["images"] == 3 and result.values["images_loaded"] is True


def test_hostile_feed_text_is_shown_and_never_runs(page) -> None:
    _, result = page
    assert result.values["pwned"] == "undefined"
    assert result.values["scripts"] == 0
    assert result.values["unsafe_links"] == 0
    text = result.values["text"]
    assert HOSTILE_TITLE in text
    assert HOSTILE_NAME.strip() in text


def test_screenshot_is_a_full_nonblank_page(page) -> None:
    _, result = page
    image = Image.open(io.BytesIO(result.screenshot)).convert("RGB")
    assert image.size == (result.width, result.height)
    assert image.width == WIDTH and 2500 <= image.height <= 20000
    assert result.values["overflow"] == 0  # nothing wider than the window
    top = image.crop((0, 0, image.width, 900))
    assert len(top.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 50  # text and colour
    assert max(ImageStat.Stat(top).stddev) > 20  # not a blank page


def test_demo_screenshot_is_committed() -> None:
    shot = REPO_ROOT / "docs" / "report-demo.png"
    with Image.open(shot) as image:
        assert image.width >= 1000 and image.height >= 2000
