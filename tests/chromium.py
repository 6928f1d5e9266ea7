"""Lay out the HTML briefing in headless Chromium at a given window width and measure it.

The briefing carries no script, so the measuring is done on a copy: a small script appended to
the copy waits for the page (images included) to load, measures, and writes its findings as JSON
into the document, which `chromium --dump-dom` prints. Chromium is Debian's `chromium` package
(.ci/run installs it); a missing browser fails the test that needs it, saying so.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

# Runs in the copy only. Everything is measured on the laid-out page, in CSS pixels:
# - the page's scroll width against the window's width (sideways scrolling);
# - each table's and image's right edge, and whether a table scrolls inside its own box;
# - the font size of body text (each paragraph and list item in the chapters);
# - where the bottom line, the period covered and the data cut-off are from the top of the page;
# - with the page scrolled to its middle, whether the contents' summary is on screen and is
#   what a tap at its centre reaches (not covered by anything).
MEASURE = r"""
<script>
addEventListener("load", () => {
  const doc = document.documentElement, width = doc.clientWidth;
  const right = (el) => el.getBoundingClientRect().right;
  const top = (el) => el ? el.getBoundingClientRect().top + scrollY : null;
  const text = [...document.querySelectorAll("main section.chapter p, main section.chapter li")]
    .filter((el) => el.offsetParent && !el.closest("table, figure, .source-line, nav"));
  const summary = document.querySelector("nav.contents details > summary");
  const coverage = [...document.querySelectorAll(".title-page .coverage dt, .title-page .coverage dd")]
    .filter((el) => el.offsetParent);
  const result = {
    width: width,
    height: innerHeight,
    scroll_width: doc.scrollWidth,
    page_height: doc.scrollHeight,
    tables: [...document.querySelectorAll("table")].map((t) => {
      const box = t.closest(".briefing-table-block") || t;
      const scrolls = getComputedStyle(box).overflowX === "auto" && box.scrollWidth > box.clientWidth;
      return { id: (t.closest("[id]") || {}).id || "", right: right(t), width: t.getBoundingClientRect().width,
        box_right: right(box), box_scrolls: scrolls };
    }),
    images: [...document.querySelectorAll("img")].map((i) => ({
      id: (i.closest("[id]") || {}).id || "", right: right(i) })),
    text_sizes: text.map((el) => parseFloat(getComputedStyle(el).fontSize)),
    bottom_line: top(document.querySelector(".bottom-line")),
    coverage: coverage.map((el) => ({
      text: el.textContent.trim(), bottom: el.getBoundingClientRect().bottom + scrollY })),
    contents_top: top(summary),
  };
  scrollTo(0, (doc.scrollHeight - innerHeight) / 2);
  const box = summary ? summary.getBoundingClientRect() : null;
  const hit = box ? document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) : null;
  result.middle = {
    scrolled: scrollY,
    summary_top: box ? box.top : null,
    summary_bottom: box ? box.bottom : null,
    summary_reached: Boolean(hit && summary.contains(hit)),
  };
  parent.postMessage(JSON.stringify(result), "*");
});
</script>
"""

# The page is laid out in a frame of exactly the width and height measured: a headless window has
# a minimum width (500 px), wider than a phone. The frame's viewport is what its media queries see.
HOST = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="border:0;display:block;width:{width}px;height:{height}px"></iframe>
<script>
addEventListener("message", (event) => {{
  const out = document.createElement("pre");
  out.id = "kzbrief-measure";
  out.textContent = event.data;
  document.body.append(out);
}});
</script></body></html>
"""


def chromium() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _run(browser: str, url: str, width: int, height: int, *extra: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        completed = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                *extra,
                url,
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
    if completed.returncode != 0:
        raise RuntimeError(f"chromium failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return completed.stdout


def measure(page: Path, width: int, height: int) -> dict:
    """The measurements of MEASURE for the HTML file `page` in a window of width x height."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("no Chromium found (Debian: apt-get install chromium; .ci/run installs it)")
    source = page.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        copy, host = Path(folder) / "measured.html", Path(folder) / "host.html"
        copy.write_text(source.replace("</body>", MEASURE + "</body>", 1), encoding="utf-8")
        host.write_text(HOST.format(src=copy.name, width=width, height=height), encoding="utf-8")
        window = (max(width, 800), height + 200)
        dom = _run(browser, host.as_uri(), *window, "--dump-dom", "--virtual-time-budget=10000")
    found = re.search(r'<pre id="kzbrief-measure">(.*?)</pre>', dom, re.S)
    if found is None:
        raise RuntimeError("the measuring script wrote nothing (did the page load?)")
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: Path, target: Path, width: int, height: int) -> Path:
    """A screenshot of the top width x height of `page` (in a frame, as measured; the window's
    minimum width shows blank on its right), for looking at, not for asserting."""
    browser = chromium()
    if browser is None:
        raise RuntimeError("no Chromium found")
    host = page.with_name(f"{page.stem}-host-{width}.html")
    host.write_text(HOST.format(src=page.name, width=width, height=height), encoding="utf-8")
    _run(browser, host.as_uri(), max(width, 800), height, f"--screenshot={target}")
    host.unlink()
    return target
