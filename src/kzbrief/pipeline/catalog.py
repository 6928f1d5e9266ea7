"""The facts catalog: every number the briefing prints from a computed fact, with its value, the
sentence it appears in, its chapter, its page in the PDF and the sources it rests on.

Templates print facts inside `<span class="fact">` (kzbrief.words); the assembly numbers them
(`fact-1`, `fact-2`, ... in reading order) and the PDF renderer reports the page of each. The
build writes the catalog beside the briefing as `facts.csv` and `facts.json`, so a journalist can
check any number in one look.
"""

from __future__ import annotations

import csv
import io
import json

from bs4 import BeautifulSoup, Tag

from ..citations import bibliography_numbers, short_reference

CSV_NAME = "facts.csv"
JSON_NAME = "facts.json"
COLUMNS = ["id", "printed", "value", "what", "chapter", "page", "sentence", "source_ids", "sources"]
_BLOCKS = ("li", "p", "td", "th", "figcaption", "caption", "dd")


def number_facts(soup: BeautifulSoup) -> None:
    """Give every printed fact its catalog id, in reading order."""
    for number, span in enumerate(soup.select("span.fact"), 1):
        span["id"] = f"fact-{number}"


def entries(html: str, references: dict[str, str], pages: dict[str, int] | None = None) -> list[dict]:
    """The catalog of the assembled HTML edition. `references` names each source as the Sources
    list does ('[3] Human Rights Watch (2022)'); `pages` maps a fact's id to its PDF page (a fact
    only the HTML edition holds, in a long table's rows, has none)."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for span in soup.select("span.fact[id]"):
        ids = span.get("data-sources", "").split()
        found.append(
            {
                "id": span["id"],
                "printed": span.get_text(),
                "value": json.loads(span["data-value"]) if span.has_attr("data-value") else span.get_text(),
                "what": span.get("data-what") or _table_cell(span),
                "chapter": _chapter(span),
                "page": (pages or {}).get(span["id"]),
                "sentence": _sentence(span),
                "source_ids": ids,
                "sources": [references.get(i, i) for i in ids],
            }
        )
    return found


def references(sources) -> dict[str, str]:
    """Source id -> '[3] Human Rights Watch (2022)': the number and name the briefing cites it by."""
    numbers = bibliography_numbers(sources)
    return {s: f"[{n}] {short_reference(s, sources)}" for s, n in numbers.items()}


def _table_cell(span: Tag) -> str:
    """'Table caption — column' for a number in a table cell."""
    cell = span.find_parent("td")
    block = span.find_parent(class_="briefing-table-block")
    if cell is None or block is None:
        return ""
    caption = block.find(class_="table-caption")
    headers = [th.get_text(" ", strip=True) for th in block.select("thead th")]
    column = len(cell.find_previous_siblings("td"))
    header = headers[column] if column < len(headers) else ""
    return " — ".join(p for p in (caption.get_text(" ", strip=True) if caption else "", header) if p)


def _chapter(span: Tag) -> str:
    section = span.find_parent("section")
    while section is not None:
        heading = section.find(["h2", "h1"], recursive=False) or section.find(["h2", "h1"])
        if heading is not None:
            return heading.get_text(" ", strip=True).rstrip("¶").strip()
        section = section.find_parent("section")
    return ""


def _sentence(span: Tag) -> str:
    block = span.find_parent(_BLOCKS)
    return " ".join((block or span).get_text(" ", strip=True).split())


def as_csv(found: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in found:
        writer.writerow(
            {
                **entry,
                "value": json.dumps(entry["value"], ensure_ascii=False),
                "page": "" if entry["page"] is None else entry["page"],
                "source_ids": " ".join(entry["source_ids"]),
                "sources": " | ".join(entry["sources"]),
            }
        )
    return out.getvalue()


def as_json(found: list[dict]) -> str:
    return json.dumps(found, ensure_ascii=False, indent=1) + "\n"
