"""The data annex: the tables a reader may want to check, written beside the briefing.

The printed briefing keeps its length whatever the number of cases, so the long lists (events,
the people and groups prosecuted, court decisions, releases, later statuses, torture allegations, charges, every
casualty and detention figure, press-freedom ranks, the sources) go out with it as data:

- `annex.xlsx`: one sheet per table, after a `README` sheet (what each sheet holds, what its
  columns mean, the data cut-off and the build record) and ending with `Sources`;
- `annex/`: the same tables as UTF-8 CSV files, one per sheet, and the README as `README.md`;
- `annex.html`: one readable page with every table.

The tables are the validated data tables, every row with its document (a short citation and the
source id, so a row can be checked against `sources.csv`), with plain-English column headers
and the data's codes in words. One responsibility: tables in, annex files out. The sheet names,
column headers and their meanings are all in SHEETS below; the briefing points to a sheet by the
name in TABLE_SHEETS.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config, paths
from ..citations import short_reference
from ..domain import (
    FH_INDEX,
    FH_INDEX_NAME,
    METRIC_LABELS,
    RSF_INDEX,
    RSF_INDEX_NAME,
    RSF_METHOD_NAMES,
    SOURCE_TYPE_LABELS,
    STATUS_LABELS,
)

# openpyxl and Jinja2 are imported where used: a build with nothing to render never loads them.

XLSX_NAME, HTML_NAME, CSV_DIR = "annex.xlsx", "annex.html", "annex"
NAMES = (XLSX_NAME, HTML_NAME, CSV_DIR)  # what a build writes beside the briefing
README_SHEET, README_FILE = "README", "README.md"
TEMPLATE = paths.PACKAGE_DIR / "templates" / "annex" / "annex.html.j2"


@dataclass(frozen=True)
class Column:
    key: str  # the column of the frame a builder returns
    header: str  # what the reader sees
    meaning: str  # one line in the README


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's name (at most 31 characters: Excel's limit), also the HTML page's heading
    file: str  # the CSV file's name in annex/, and the HTML anchor
    about: str  # what the sheet holds, for the README and the HTML caption
    listing: str  # what its rows are, in a sentence: "the full list of {listing} is in the data annex"
    columns: tuple[Column, ...]


def _source_columns() -> tuple[Column, ...]:
    return (
        Column("source", "source", "the document the row was taken from: publisher and year (see the Sources sheet)"),
        Column("source_id", "source id", "the document's id in the Sources sheet and in the data's sources.csv"),
    )


def _case_column() -> Column:
    return Column("case_id", "case id", "the person's or group's id in the People and groups sheet")


WHO = Column("defendant", "person or group", "the person's name, or the document's label for a group it counts")

SHEETS = (
    Sheet(
        "Events",
        "events",
        "The events the cases and figures refer to, one row per event.",
        "events",
        (
            Column("name", "event", "the event's name"),
            Column("start_date", "began", "the day it began (as precise as the document gives it)"),
            Column("end_date", "ended", "the day it ended; empty for a single day or when not given"),
            Column("place", "place", "where it happened"),
            Column("country", "country code", "the country, as a three-letter ISO code"),
            Column("description", "what happened", "a short account, from the document"),
            *_source_columns(),
            Column("event_id", "event id", "the event's id, as other sheets refer to it"),
        ),
    ),
    Sheet(
        "People and groups",
        "people",
        "Every person the documents name as prosecuted, and every group a document reports only as a number "
        "(one row per person or group, as one document reports it); police officers tried over the same events "
        "are here too, marked by their role.",
        "people and groups prosecuted",
        (
            WHO,
            Column("n_persons", "people", "how many people the row stands for (1 for a named person)"),
            Column("is_group", "group count", "yes when the row is a group a document reports only as a number"),
            Column("role", "role", "what the person was (for a group, what its members were)"),
            Column("event", "event", "the event the case belongs to, if any"),
            Column("proceeding", "trial", "the trial or proceeding, as the documents call it"),
            Column("court", "court", "the court, as the document names it"),
            Column("city", "city", "where the case was heard"),
            Column("plea", "plea", "the plea, as the document reports it"),
            Column("torture_alleged", "torture alleged", "whether the document reports a torture allegation"),
            Column("aliases", "other spellings", "other transliterations of the name, separated by ';'"),
            Column(
                "latest_status",
                "latest status",
                "for a named person, the latest dated decision or later status (a death, an emigration, exile, "
                "asylum), as of its date and the document that reports it; never the situation today",
            ),
            Column("notes", "notes", "what the compilers noted from the document"),
            *_source_columns(),
            _case_column(),
        ),
    ),
    Sheet(
        "Decisions",
        "decisions",
        "Every court decision and change of status the documents report: one row per person or group, stage "
        "of proceedings and document. A sentence imposed is not time served.",
        "court decisions and changes of status",
        (
            WHO,
            Column("stage", "stage", "the stage of proceedings (first instance, appeal, parole, release, ...)"),
            Column("date", "date", "the date of the decision, as precise as the document gives it"),
            Column("outcome", "outcome", "the decision or status"),
            Column("term_min", "term (shortest)", "the term imposed; for a group, the shortest of its terms"),
            Column("term_max", "term (longest)", "the term imposed; for a group, the longest of its terms"),
            Column("term_unit", "term unit", "the unit of the terms and of the prosecutor's request"),
            Column("prosecutor_request", "prosecutor asked for", "the term the prosecution asked for, if given"),
            Column("notes", "notes", "what the compilers noted from the document, with its words in quotes"),
            *_source_columns(),
            _case_column(),
        ),
    ),
    Sheet(
        "Releases",
        "releases",
        "What the documents say about release, parole and refused early release: the rows of the Decisions "
        "sheet about release, with the document's own words.",
        "statements about release",
        (
            WHO,
            Column("what", "what the document says", "release, parole, amnesty, or early release refused"),
            Column("date", "date", "the date, as precise as the document gives it"),
            Column("words", "in the document's words", "the passage the row quotes from its document"),
            *_source_columns(),
            _case_column(),
        ),
    ),
    Sheet(
        "Later statuses",
        "later-statuses",
        "What became of named people outside the courts, as a document dates it: a death, an emigration, exile, "
        "asylum or refugee status granted abroad. Always the documents' status on that date, never the situation "
        "today. Empty when the data hold none.",
        "later statuses of named people",
        (
            WHO,
            Column("date", "date", "when the status began or was stated, as precise as the document gives it"),
            Column("status", "status", "died, emigrated, in exile, granted asylum abroad, or other (see notes)"),
            Column("quote", "in the document's words", "the passage stating the status, quoted"),
            Column("notes", "notes", "what the compilers noted: a translation of the quote, how the date was read"),
            *_source_columns(),
            _case_column(),
        ),
    ),
    Sheet(
        "Torture allegations",
        "torture-allegations",
        "Torture and ill-treatment allegations and the response of a court, prosecutor or investigator, as each "
        "document states them (counts are each document's own and are not added across documents).",
        "torture allegations and the responses to them",
        (
            WHO,
            Column("n_people", "people", "how many people the document says alleged torture; empty if not given"),
            Column("testified_in_court", "testified in court", "yes when the document says they testified in court"),
            Column("allegation_quote", "allegation, in the document's words", "the allegation, quoted"),
            Column("response_body", "who responded", "the body that responded, as the document says"),
            Column("response", "response", "the response, as the document states it"),
            Column("response_quote", "response, in the document's words", "the response, quoted"),
            Column("response_date", "date of the response", "as precise as the document gives it"),
            Column("notes", "notes", "what the compilers noted from the document"),
            *_source_columns(),
            Column("allegation_id", "allegation id", "the allegation's id in the data"),
            _case_column(),
        ),
    ),
    Sheet(
        "Charges",
        "charges",
        "The articles of the criminal or administrative code each person or group was charged under.",
        "charges",
        (
            WHO,
            Column("code", "legal code", "the code the article belongs to"),
            Column("article", "article", "the article's number"),
            Column("part", "part", "the part of the article, if given"),
            Column("label", "offence", "the offence, as the document words it"),
            *_source_columns(),
            _case_column(),
        ),
    ),
    Sheet(
        "Claims",
        "claims",
        "Every figure of people killed, injured, detained, arrested, held liable, prosecuted or convicted, with "
        "who gave it and the document's words. Figures by different claimants are kept side by side, not "
        "reconciled.",
        "casualty, detention and prosecution figures",
        (
            Column("event", "event", "the event the figure is about"),
            Column("metric", "what is counted", "what the figure counts"),
            Column("low", "figure (low)", "the figure, or the low end of a range"),
            Column("high", "figure (high)", "the figure, or the high end of a range"),
            Column("qualifier", "as given", "how the figure is given: exact, at least, more than, up to, about"),
            Column("claimant", "claimant", "who gave the figure"),
            Column("claimant_type", "claimant type", "official, NGO, media, independent or intergovernmental"),
            Column("claim_date", "date of the claim", "when the claimant gave the figure, as precise as known"),
            Column("quote", "in the document's words", "the passage the figure comes from"),
            Column("notes", "notes", "what the compilers noted from the document"),
            *_source_columns(),
            Column("claim_id", "claim id", "the figure's id in the data"),
        ),
    ),
    Sheet(
        "Press freedom",
        "press-freedom",
        f"Ranks and scores in the {RSF_INDEX_NAME} and, as a separate series never combined with it, scores in "
        f"{FH_INDEX_NAME}. Scores compare only within one method.",
        "press-freedom ranks and scores",
        (
            Column("index", "index", "the index the row belongs to"),
            Column("edition", "edition", "the publisher's label for the edition"),
            Column("year", "year", "the year the edition is placed at on time axes"),
            Column("country", "country", "the country"),
            Column("iso3", "country code", "the index's country code"),
            Column("rank", "rank", "the country's rank (RSF only: Freedom House publishes no rank)"),
            Column("n_ranked", "countries in the edition", "how many countries the edition ranked or scored"),
            Column("score", "score", "the score as published, on the method's scale"),
            Column("score_direction", "better score", "whether a lower or a higher score is better"),
            Column("method", "method", "the index's method; scores of different methods are not comparable"),
            *_source_columns(),
        ),
    ),
    Sheet(
        "Conflicts",
        "conflicts",
        "Every subject on which the documents disagree (a death toll, a count of sentences, a date), with how "
        "the briefing treats it: each account kept, none chosen. Described in the data's conflicts.csv, or found "
        "in the data itself.",
        "subjects on which the sources disagree",
        (
            Column("subject", "subject", "what the documents disagree about"),
            Column(
                "what the documents say", "what the documents say", "the accounts, or where the briefing gives them"
            ),
            Column("how the briefing treats it", "how the briefing treats it", "kept side by side; never reconciled"),
            Column("documents", "documents", "the documents that disagree: publisher and year"),
            Column("source_ids", "source ids", "their ids in the Sources sheet, separated by ';'"),
        ),
    ),
    Sheet(
        "Sources",
        "sources",
        "Every document the data cites, with its publisher, date and address.",
        "sources",
        (
            Column("source_id", "source id", "the id the other sheets' source id column gives"),
            Column("publisher", "publisher", "who published the document"),
            Column("title", "title", "the document's title"),
            Column("date", "date", "when it was published, as precise as known"),
            Column("url", "address", "where it is published, when it has an address"),
            Column("source_type", "type", "what kind of source it is (sources have positions)"),
            Column("cited_in", "known through", "for a document known only through another's footnote: that one"),
            Column(
                "standing",
                "publisher's standing",
                "who the publisher is (who runs or funds it, disputes about it), as the document named in "
                "'standing from' says; empty when the data do not say",
            ),
            Column("standing_source", "standing from", "the source id of the document that states the standing"),
            Column("notes", "notes", "what the compilers noted about the document"),
        ),
    ),
)
SOURCES_SHEET = "Sources"
# The briefing's long tables (report.table's `name`) and the sheet holding the data behind each:
# the printed briefing points to that sheet where the table stood.
TABLE_SHEETS = {
    "timeline": "Events",
    "sentencing-defendants": "People and groups",
    "sentencing-releases": "Releases",
    "sentencing-torture": "Torture allegations",
    "sentencing-charges": "Charges",
    "casualty-claims": "Claims",
    "press-freedom-ranks": "Press freedom",
    # Tables short today that a larger data set makes long (over report.LONG_TABLE_ROWS rows).
    "sentencing-group-counts": "People and groups",
    "sentencing-appeals": "Decisions",
    "sentencing-police": "Decisions",
    "casualties-over-time-table": "Claims",
    "conflicts": "Conflicts",
}
BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def _words(values: pd.Series, labels: Mapping[str, str] | None = None) -> pd.Series:
    """A column of the data's codes in words: 'not_guilty' -> 'not guilty'."""
    return values.map(lambda v: (labels or {}).get(v, str(v).replace("_", " ")), na_action="ignore")


def _yes_no(values: pd.Series) -> pd.Series:
    return values.map({True: "yes", False: "no", "true": "yes", "false": "no"}, na_action="ignore")


def _cited(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(source=frame["source_id"].map(lambda s: short_reference(s, sources), na_action="ignore"))


def _with_names(frame: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(defendant=frame["case_id"].map(cases.set_index("case_id")["defendant"]))


def _events(t, codes) -> pd.DataFrame:
    return t["events"]


def _people(t, codes) -> pd.DataFrame:
    from ..analysis import statuses  # the briefing's own reading of the latest status, loaded when writing

    cases = t["cases"]
    named = cases.loc[~cases["is_group"].astype(bool), "case_id"]
    latest = {c: statuses.describe(s, t["sources"]) for c, s in statuses.of_people(named, t).items()}
    return cases.assign(
        latest_status=cases["case_id"].map(latest),
        event=cases["event_id"].map(t["events"].set_index("event_id")["name"]),
        is_group=_yes_no(cases["is_group"]),
        plea=_words(cases["plea"]),
        torture_alleged=_yes_no(cases["torture_alleged"]),
    )


def _decisions(t, codes) -> pd.DataFrame:
    rows = _with_names(t["sentences"], t["cases"])
    return rows.assign(stage=_words(rows["stage"]), outcome=_words(rows["outcome"]))


def _releases(t, codes) -> pd.DataFrame:
    from ..analysis import sentencing as sn  # the chapter's own reading of release rows, loaded when writing

    return sn.releases(t["cases"], t["sentences"])


def _torture(t, codes) -> pd.DataFrame:
    rows = _with_names(t["torture_allegations"], t["cases"])
    return rows.assign(
        testified_in_court=_yes_no(rows["testified_in_court"]),
        response_body=_words(rows["response_body"]),
        response=_words(rows["response"]),
    )


def _charges(t, codes) -> pd.DataFrame:
    rows = _with_names(t["charges"], t["cases"])
    return rows.assign(code=_words(rows["code"], codes))


def _claims(t, codes) -> pd.DataFrame:
    rows = t["casualty_estimates"]
    return rows.assign(
        event=rows["event_id"].map(t["events"].set_index("event_id")["name"]),
        metric=_words(rows["metric"], METRIC_LABELS),
        qualifier=_words(rows["qualifier"], {"approx": "about"}),
        claimant_type=_words(rows["claimant_type"], {"ngo": "NGO"}),
    )


def _press_freedom(t, codes) -> pd.DataFrame:
    rows = t["press_freedom"]
    return rows.assign(
        index=_words(rows["index"], {RSF_INDEX: RSF_INDEX_NAME, FH_INDEX: FH_INDEX_NAME}),
        score_direction=_words(rows["score_direction"]),
        method=_words(rows["method"], {**RSF_METHOD_NAMES, "fh-fotp": FH_INDEX_NAME}),
    )


def _conflicts(t, codes) -> pd.DataFrame:
    """The methods chapter's list of disagreements, over the whole data (the annex holds every row)."""
    from .. import chapters
    from ..analysis import conflicts
    from ..chapters import selection
    from ..checks.cells import EARLIEST_YEAR

    params = chapters.parameters({"data_dir": "", "start_year": EARLIEST_YEAR})  # no date the data can hold is earlier
    found = conflicts.source_conflicts(t, selection.cases(t, params), selection.claims(t, params), t["sources"])
    return found.assign(
        documents=found["source_ids"].map(lambda ids: "; ".join(short_reference(s, t["sources"]) for s in ids)),
        source_ids=found["source_ids"].map("; ".join),
    )


def _later(t, codes) -> pd.DataFrame:
    rows = _with_names(t["statuses"], t["cases"])
    return rows.assign(status=_words(rows["status"], STATUS_LABELS))


def _sources(t, codes) -> pd.DataFrame:
    sources = t["sources"]
    publishers = t.get("publishers")
    if publishers is None:
        publishers = pd.DataFrame(columns=["publisher", "standing", "source_id"])
    by_name = publishers.drop_duplicates("publisher").set_index("publisher")
    return sources.assign(
        source_type=_words(sources["source_type"], SOURCE_TYPE_LABELS),
        standing=sources["publisher"].map(by_name["standing"]),
        standing_source=sources["publisher"].map(by_name["source_id"]),
    )


_BUILDERS: dict[str, Callable] = {
    "Events": _events,
    "People and groups": _people,
    "Decisions": _decisions,
    "Releases": _releases,
    "Later statuses": _later,
    "Torture allegations": _torture,
    "Charges": _charges,
    "Claims": _claims,
    "Press freedom": _press_freedom,
    "Conflicts": _conflicts,
    "Sources": _sources,
}


def frames(tables: Mapping[str, pd.DataFrame], legal_codes: Mapping[str, str] | None = None) -> dict[str, pd.DataFrame]:
    """Sheet name -> its table, with the readers' column headers, in the annex's order."""
    sources = tables["sources"]
    found = {}
    for sheet in SHEETS:
        frame = _BUILDERS[sheet.name](tables, dict(legal_codes or {}))
        if "source_id" in frame and sheet.name != SOURCES_SHEET:
            frame = _cited(frame, sources)
        keys = [column.key for column in sheet.columns]
        found[sheet.name] = frame[keys].rename(columns={c.key: c.header for c in sheet.columns}).reset_index(drop=True)
    return found


# --- the README: what the annex holds, and the build it came from -------------------------------------


def readme(record: Mapping, counts: Mapping[str, int]) -> list[tuple[str, str, str]]:
    """(part, name, what it says) rows: the annex, the build record, each sheet and its columns.
    `record` is the build's facts (title, cut_off, date, version, data, parameters)."""
    parameters = record.get("parameters") or {}
    rows = [
        ("annex", "title", f"Data annex to the briefing “{record.get('title', '')}”"),
        (
            "annex",
            "what it is",
            "The data tables behind the briefing, for checking: every row names the document it was taken "
            "from (the source column), and the Sources sheet lists every document. The same tables are in "
            f"{CSV_DIR}/ as CSV files and in {HTML_NAME}.",
        ),
        ("annex", "data cut-off", record.get("cut_off") or "not given"),
        ("build", "built", record.get("date", "")),
        ("build", "version", record.get("version", "")),
        ("build", "data", record.get("data", "")),
        (
            "build",
            "parameters",
            "changed from the defaults: " + "; ".join(f"{k} = {v}" for k, v in parameters.items())
            if parameters
            else "the notebooks' defaults",
        ),
    ]
    for sheet in SHEETS:
        rows.append(("sheet", sheet.name, f"{sheet.about} {counts[sheet.name]} rows; CSV: {CSV_DIR}/{sheet.file}.csv"))
    for sheet in SHEETS:
        rows += [("column", f"{sheet.name}: {c.header}", c.meaning) for c in sheet.columns]
    return rows


def readme_markdown(rows: list[tuple[str, str, str]]) -> str:
    title = rows[0][2]
    lines = [f"# {title}", ""]
    lines += [f"{text}" for part, name, text in rows if part == "annex" and name == "what it is"]
    lines += ["", "## The build", ""]
    lines += [f"- **{name}**: {text}" for part, name, text in rows if part in ("annex", "build") and name != "title"]
    lines += ["", "## Sheets", ""]
    lines += [f"- **{name}**: {text}" for part, name, text in rows if part == "sheet"]
    for sheet in SHEETS:
        lines += ["", f"## Columns of {sheet.name} ({sheet.file}.csv)", ""]
        lines += [f"- **{c.header}**: {c.meaning}" for c in sheet.columns]
    return "\n".join(lines) + "\n"


# --- the files -----------------------------------------------------------------------------------------


def _cell(value):
    """A cell's value for the spreadsheet and the page: missing values are empty, counts are ints."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _rows(frame: pd.DataFrame) -> list[list]:
    return [[_cell(v) for v in record] for record in frame.astype(object).itertuples(index=False, name=None)]


class _DatedZip(zipfile.ZipFile):
    """A zip whose members carry one fixed date: two builds of the same data give the same bytes."""

    def __init__(self, *args, date_time: tuple, **kwargs):
        self._date_time = date_time
        super().__init__(*args, **kwargs)

    def writestr(self, name, data, *args, **kwargs):
        if isinstance(name, str):
            name = zipfile.ZipInfo(name, date_time=self._date_time)
            name.compress_type = zipfile.ZIP_DEFLATED
        super().writestr(name, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):  # openpyxl writes sheets from temporary files
        self.writestr(str(arcname or filename), Path(filename).read_bytes())


def write_xlsx(target: Path, sheets: Mapping[str, pd.DataFrame], notes: list[tuple[str, str, str]], day: str) -> None:
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    tables = {README_SHEET: pd.DataFrame(notes, columns=["part", "name", "what it says"]), **sheets}
    for name, frame in tables.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in _rows(frame):
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text from the data is text, never a formula
        for number, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column)), *(len(str(v)) for v in frame[column].dropna())])
            sheet.column_dimensions[get_column_letter(number)].width = min(max(longest, 6) + 2, 60)
            if longest > 60:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=number, max_col=number):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
        if len(frame):
            sheet.auto_filter.ref = sheet.dimensions
    stamp = dt.datetime.fromisoformat(day)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "kzbrief"
    with _DatedZip(target, "w", zipfile.ZIP_DEFLATED, date_time=stamp.timetuple()[:6]) as archive:
        ExcelWriter(book, archive).write_data()


def write_csvs(folder: Path, sheets: Mapping[str, pd.DataFrame], notes: list[tuple[str, str, str]]) -> None:
    folder.mkdir(parents=True)
    for name, frame in sheets.items():
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(frame.columns)
        writer.writerows([["" if v is None else v for v in row] for row in _rows(frame)])
        (folder / f"{BY_NAME[name].file}.csv").write_text(out.getvalue(), encoding="utf-8")
    (folder / README_FILE).write_text(readme_markdown(notes), encoding="utf-8")


def html_page(sheets: Mapping[str, pd.DataFrame], notes: list[tuple[str, str, str]]) -> str:
    """The annex as one page; every value is escaped by Jinja2's autoescape."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=FileSystemLoader(TEMPLATE.parent),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    numeric = {
        name: [pd.api.types.is_numeric_dtype(frame[column]) for column in frame.columns]
        for name, frame in sheets.items()
    }
    return environment.get_template(TEMPLATE.name).render(
        notes=notes,
        sheets=[(BY_NAME[name], frame.columns, _rows(frame), numeric[name]) for name, frame in sheets.items()],
        csv_dir=CSV_DIR,
        xlsx=XLSX_NAME,
    )


def stage(data_dir: Path, build_dir: Path, record: Mapping) -> dict[str, Path]:
    """Write the annex to temporary names in `build_dir`; returns {target name: staged path} for the
    build to publish with the briefing (or discard). `record`: the build's facts (see readme)."""
    from ..datasets import load_all

    tables = load_all(data_dir, validate=False)  # the build validated these bytes
    sheets = frames(tables, config.load(data_dir).legal_codes)
    notes = readme(record, {name: len(frame) for name, frame in sheets.items()})
    staged = {name: Path(build_dir) / f".{name}.{os.getpid()}.tmp" for name in NAMES}
    try:
        write_xlsx(staged[XLSX_NAME], sheets, notes, record["date"])
        shutil.rmtree(staged[CSV_DIR], ignore_errors=True)
        write_csvs(staged[CSV_DIR], sheets, notes)
        staged[HTML_NAME].write_text(html_page(sheets, notes), encoding="utf-8")
    except BaseException:
        for path in staged.values():
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
        raise
    return staged


def address(data_dir: Path) -> str:
    """Where the briefing and its annex are published (briefing.yml's `address`), or '' when not said."""
    return config.load(data_dir).address
