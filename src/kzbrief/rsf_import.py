"""Read RSF World Press Freedom Index yearly CSV files as RSF publishes them.

Handles every variant RSF has served since 2002:
- `;`-separated with decimal commas (as downloaded) or `,`-separated with decimal points;
- UTF-8 with or without a byte-order mark, or Windows-1252 (2025 onwards);
- CRLF, LF and the CR CR LF line endings of the 2022 file;
- the three column layouts: 2002-2021 (`Rank N`, `Score N`, `EN_country`), 2022
  (`Score`, `Rank`, `Country_EN`) and 2023+ (`Score` or `Score <year>`);
- the 2013-2021 downloads, which hold 100 minus the score RSF published: the score is
  turned back into the published form (0 = best);
- the 2002-2012 files, which give tied entries distinct ranks: ties get the shared
  (best) rank RSF's published tables use.

Rows come back in the shape of data/press_freedom.csv.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .domain import RSF_INDEX, RSF_METHOD_PERIODS

PRESS_FREEDOM_COLUMNS = [
    "index",
    "edition",
    "year",
    "country",
    "iso3",
    "rank",
    "n_ranked",
    "score",
    "score_direction",
    "method",
    "source_id",
]

# Editions whose download CSV holds 100 - published score.
_INVERTED_IN_DOWNLOAD = range(2013, 2022)


class RSFFormatError(ValueError):
    """An RSF file that cannot be read; the message names the file (and row, column) and what is wrong."""

    def __init__(self, path, rule: str, row: int | None = None, column: str | None = None):
        self.path, self.rule, self.row, self.column = str(path), rule, row, column
        where = self.path + (f", row {row}" if row is not None else "")
        super().__init__(f"{where}: {rule}")


# The most countries an edition may list (RSF has ranked 139 to 180), as press_freedom.csv's n_ranked.
MAX_COUNTRIES = 200

# RSF's country codes: ISO 3166-1 alpha-3, plus a few of its own (e.g. XCD, CY_N).
_COUNTRY_CODE = re.compile(r"[A-Z][A-Z0-9_]{2,4}")


def method_for_year(year: int) -> tuple[str, str]:
    for first, last, method, direction in RSF_METHOD_PERIODS:
        if first <= year <= last:
            return method, direction
    raise ValueError(f"no RSF methodology period covers {year}")


# A character of two to four bytes as UTF-8 writes it. Windows-1252 text has (practically)
# none: "ô" alone is one byte, and the next is never a continuation byte.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class MixedEncodingError(ValueError):
    """UTF-8 text with a byte that is not UTF-8: read as Windows-1252, every other accented name
    would turn to mojibake."""

    def __init__(self, position: int, line: int):
        self.position, self.line = position, line
        super().__init__(
            f"mixed encodings: the file is UTF-8 but byte {position} is not; save the whole file in one encoding"
        )


def decode(raw: bytes) -> str:
    """UTF-8 (BOM optional) first; RSF's 2025+ files are Windows-1252. A file that is both is refused
    (MixedEncodingError), never guessed."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if raw.startswith(b"\xef\xbb\xbf") or _UTF8_SEQUENCE.search(raw):
            raise MixedEncodingError(exc.start, raw[: exc.start].count(b"\n") + 1) from None
        text = raw.decode("cp1252")
    # CR CR LF (2022) and CRLF both become LF; blank lines are dropped by the reader.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pick(columns: list[str], *patterns: str) -> str | None:
    for pattern in patterns:
        for column in columns:
            if re.fullmatch(pattern, column.strip()):
                return column
    return None


def _to_number(series: pd.Series) -> pd.Series:
    cleaned = series.str.strip().str.replace(",", ".", regex=False).replace("", pd.NA)
    return pd.to_numeric(cleaned, errors="coerce")


def edition_label(raw_edition: str) -> tuple[str, int]:
    """'2011-12' -> ('2011-2012', 2012); '2013' -> ('2013', 2013)."""
    raw_edition = raw_edition.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2}|\d{4})", raw_edition)
    if match:
        first, second = match.groups()
        second = second if len(second) == 4 else first[:2] + second
        return f"{first}-{second}", int(second)
    if re.fullmatch(r"\d{4}", raw_edition):
        return raw_edition, int(raw_edition)
    raise ValueError(f"edition {raw_edition!r} is not a year or a year range")


def source_id_for(edition: str) -> str:
    return f"rsf-wpfi-{edition}"


def read_official_file(path: str | Path) -> pd.DataFrame:
    """All entries of one official RSF yearly file, in the press_freedom.csv shape.

    Raises RSFFormatError (never another exception) for a file that cannot be read."""
    path = Path(path)
    if not path.is_file():  # a FIFO or device named *.csv would block reading forever
        raise RSFFormatError(path, "is not a regular file")
    try:
        text = decode(path.read_bytes())
    except OSError as exc:
        raise RSFFormatError(path, f"cannot be read: {exc.strerror}") from None
    except MixedEncodingError as exc:
        raise RSFFormatError(path, str(exc), row=exc.line) from None
    if not text.strip():
        raise RSFFormatError(path, "the file is empty")
    header = text.split("\n", 1)[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, ValueError) as exc:
        raise RSFFormatError(path, f"not a readable CSV table: {' '.join(str(exc).split())}") from None
    return _official_rows(path, frame)


def _official_rows(path: Path, frame: pd.DataFrame) -> pd.DataFrame:
    frame.columns = [c.strip() for c in frame.columns]
    columns = list(frame.columns)
    iso = _pick(columns, r"ISO")
    rank = _pick(columns, r"Rank N", r"Rank")
    score = _pick(columns, r"Score N", r"Score", r"Score \d{4}")
    country = _pick(columns, r"EN_country", r"Country_EN")
    edition = _pick(columns, r"Year \(N\)")
    missing = [
        label
        for label, column in (
            ("ISO", iso),
            ("rank", rank),
            ("score", score),
            ("English country name", country),
            ("Year (N)", edition),
        )
        if column is None
    ]
    if missing:
        raise RSFFormatError(path, f"no column for {', '.join(missing)}; columns are: {', '.join(columns)}")
    if frame.empty:
        raise RSFFormatError(path, "the file has a header but no countries")
    if len(frame) > MAX_COUNTRIES:  # before any per-row work or message: one line, not one per row
        raise RSFFormatError(
            path, f"lists {len(frame)} countries; an RSF edition ranks at most {MAX_COUNTRIES} (139 to 180)"
        )
    editions = frame[edition].str.strip().unique()
    if len(editions) != 1:
        raise RSFFormatError(path, f"column 'Year (N)' holds several editions: {', '.join(editions)}", column=edition)
    try:
        label, year = edition_label(editions[0])
        method, direction = method_for_year(year)
    except ValueError as exc:
        raise RSFFormatError(path, str(exc), row=2, column=edition) from None
    _check_names(path, frame, iso, country)

    ranks = _to_number(frame[rank])
    scores = _to_number(frame[score])
    bad = frame.index[ranks.isna() | scores.isna() | ~np.isfinite(scores) | ~np.isfinite(ranks) | (ranks % 1 != 0)]
    if len(bad):
        line = int(bad[0]) + 2
        raise RSFFormatError(
            path, f"rank or score is not a number ({frame.loc[bad[0], rank]!r}, {frame.loc[bad[0], score]!r})", row=line
        )
    if year in _INVERTED_IN_DOWNLOAD:
        scores = (100 - scores).round(2)
    if year <= 2012:
        # Tied scores share the best rank among them, as in RSF's published tables.
        ranks = ranks.groupby(scores).transform("min")

    return pd.DataFrame(
        {
            "index": RSF_INDEX,
            "edition": label,
            "year": year,
            "country": frame[country].str.strip(),
            "iso3": frame[iso].str.strip(),
            "rank": ranks.astype(int),
            "n_ranked": len(frame),
            "score": scores,
            "score_direction": direction,
            "method": method,
            "source_id": source_id_for(label),
        }
    )[PRESS_FREEDOM_COLUMNS]


def _check_names(path: Path, frame: pd.DataFrame, iso: str, country: str) -> None:
    """Every entry has a well-formed country code, listed once, and a name."""
    codes = frame[iso].str.strip()
    for number, code in codes.items():
        if not _COUNTRY_CODE.fullmatch(code):
            raise RSFFormatError(
                path,
                f"country code {code!r} must be 3 to 5 capital letters, digits or _",
                row=int(number) + 2,
                column=iso,
            )
    repeated = codes[codes.duplicated()]
    if len(repeated):
        number = int(repeated.index[0])
        raise RSFFormatError(path, f"country code {codes[number]} is listed twice", row=number + 2, column=iso)
    unnamed = frame.index[frame[country].str.strip() == ""]
    if len(unnamed):
        raise RSFFormatError(path, "the country has no English name", row=int(unnamed[0]) + 2, column=country)


def read_official_folder(folder: str | Path, countries: list[str] | None = None) -> pd.DataFrame:
    """Every `*.csv` in `folder` (one per edition), optionally only some ISO codes."""
    files = sorted(Path(folder).glob("*.csv"))
    if not files:
        return pd.DataFrame(columns=PRESS_FREEDOM_COLUMNS)
    frame = pd.concat([read_official_file(f) for f in files], ignore_index=True)
    duplicated = frame[frame.duplicated(["index", "edition", "iso3"], keep=False)]
    if len(duplicated):
        editions = ", ".join(sorted(duplicated["edition"].unique()))
        raise RSFFormatError(folder, f"edition(s) {editions} appear in more than one file")
    if countries:
        frame = frame[frame["iso3"].isin(countries)]
    return frame.sort_values(["year", "iso3"], ignore_index=True)


def merge_over(curated: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """Official rows replace curated rows of the same (index, edition, iso3); others are kept."""
    key = ["index", "edition", "iso3"]
    if official.empty:
        return curated.copy()
    official = official.astype({"year": "Int64", "rank": "Int64", "n_ranked": "Int64", "score": "Float64"})
    kept = curated.merge(official[key], on=key, how="left", indicator=True)
    kept = curated[(kept["_merge"] == "left_only").to_numpy()]
    merged = pd.concat([kept, official[curated.columns]], ignore_index=True)
    return merged.sort_values(["year", "iso3"], ignore_index=True)


def source_rows(editions: list[str]) -> pd.DataFrame:
    """sources.csv rows for RSF editions (the yearly files RSF serves for download)."""
    rows = []
    for edition in sorted(set(editions)):
        file_year = edition.split("-")[-1]
        rows.append(
            {
                "source_id": source_id_for(edition),
                "publisher": "Reporters Without Borders (RSF)",
                "label": "RSF",
                "title": f"World Press Freedom Index {edition}",
                "date": file_year,
                "url": f"https://rsf.org/sites/default/files/import_classement/{file_year}.csv",
                "source_type": "index",
                "cited_in": None,  # as an empty cell loads: an index edition cites nothing
                "notes": "Official yearly table as downloaded from RSF.",
            }
        )
    return pd.DataFrame(rows)


def rsf_rows(press_freedom: pd.DataFrame) -> pd.DataFrame:
    """The RSF rows of a press_freedom table: another index (Freedom House) is a separate series."""
    return press_freedom[press_freedom["index"] == RSF_INDEX]
