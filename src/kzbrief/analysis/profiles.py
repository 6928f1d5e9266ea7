"""Case profiles: half-page portraits of the named people the documents follow most.

Who is profiled is decided by a rule on the data, not by a list: the named defendants with at
least one recorded decision, ranked by how many documents report them, then by how many decisions
(verdicts, appeals, paroles, releases...) the sentences table holds for them, then by how many
charges and torture allegations are recorded, then by name.

Each profile is built from the tables alone. A decision reported by several documents is shown
once with every document's number; decisions the documents report differently stay on separate
lines. The latest reported decision is dated by the document that reports it ("as of Oct 2012,
according to ..."), never presented as the situation today. Terms are sentences imposed, not
time served. Every value from the data is HTML-escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..citations import bibliography_numbers, cite, short_reference, source_html
from ..domain import HIGHER_COURT_STAGES, PLEA_LABELS, RESPONSE_BODIES, RESPONSE_VERBS
from ..english import count, format_date, join_words, number, span
from ..markup import escape
from .sentencing import is_state_agent, rows_by_case

# The order proceedings run in: an undated decision is placed after the dated decisions of the
# same or an earlier stage (a release follows the verdict it ends).
STAGE_ORDER = (
    "administrative",
    "first_instance",
    "appeal",
    "cassation",
    "supreme_court",
    "retrial",
    "amnesty",
    "pardon",
    "parole",
    "release",
)
STAGE_LABELS = {
    "administrative": "Administrative case",
    "first_instance": "First instance",
    "appeal": "Appeal",
    "cassation": "Cassation",
    "supreme_court": "Supreme Court",
    "retrial": "Retrial",
    "amnesty": "Amnesty",
    "pardon": "Pardon",
    "parole": "Parole",
    "release": "Release",
}
# A sentence row whose notes say its stage label is only approximate: the profile names no stage.
_APPROXIMATE_STAGE = re.compile(r"stage\b[^.]*\bapproximate", re.IGNORECASE)
# Conflicts about charges are not repeated: the charges paragraph shows each document's wording.
_CHARGE_SUBJECT = re.compile(r"\bcharges?\b", re.IGNORECASE)

RANK_COLUMNS = ["documents", "years_followed", "decisions", "facts"]
RANKING_RULE = (
    "ranked by the number of documents that report them, then by the number of years their "
    "recorded decisions span, then by the number of decisions recorded (verdicts, appeals, "
    "paroles, releases), then by the number of charges and torture allegations recorded"
)
IMPOSED_NOTE = "Terms are sentences courts imposed, not time served."


# --- choosing the people ------------------------------------------------------------------------


def ranking(tables: dict[str, pd.DataFrame], cases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Named defendants with at least one recorded decision, most fully reported first.

    `cases` narrows the pool (a chapter's selection); state agents tried for abuses are left
    out, as in the sentencing totals. Columns: case_id, defendant, and the RANK_COLUMNS:
    documents (that report the person), years_followed (from the first to the last dated
    decision), decisions (rows of the sentences table), facts (charges and torture allegations).
    """
    cases = tables["cases"] if cases is None else cases
    named = cases[~cases["is_group"].astype(bool) & ~is_state_agent(cases)]
    sentences, charges = tables["sentences"], tables["charges"]
    torture = _torture_table(tables)
    # Each table grouped by case once: filtering it per person would be quadratic in the cases.
    decisions_of, charges_of = rows_by_case(sentences), rows_by_case(charges)
    torture_of = rows_by_case(torture) if torture is not None else None
    nothing = pd.DataFrame({"source_id": []})
    rows = []
    for case in named.itertuples():
        own = decisions_of.get(case.case_id)
        if own is None:
            continue
        own_charges = charges_of.get(case.case_id, nothing)
        own_torture = torture_of.get(case.case_id, nothing) if torture_of is not None else None
        documents = {case.source_id, *own["source_id"], *own_charges["source_id"]}
        if own_torture is not None:
            documents |= set(own_torture["source_id"])
        years = own["date"].dropna().str[:4].astype(int)
        rows.append(
            {
                "case_id": case.case_id,
                "defendant": case.defendant,
                "documents": len(documents),
                "years_followed": int(years.max() - years.min()) if len(years) else 0,
                "decisions": len(own),
                "facts": len(own_charges) + (len(own_torture) if own_torture is not None else 0),
            }
        )
    frame = pd.DataFrame(rows, columns=["case_id", "defendant", *RANK_COLUMNS])
    return frame.sort_values(
        [*RANK_COLUMNS, "defendant"], ascending=[False] * len(RANK_COLUMNS) + [True], kind="stable"
    ).reset_index(drop=True)


@dataclass(frozen=True)
class Choice:
    chosen: pd.DataFrame  # the ranking's first n rows
    tied: list[str] = field(default_factory=list)  # left out although ranked level with the last one chosen
    pool: int = 0  # named defendants with a recorded decision


def choose(ranked: pd.DataFrame, n: int) -> Choice:
    """The first `n` of the ranking, and the names left out only by the alphabetical tie-break.
    The chosen are returned in the order of their first dated decision (the ranking's order
    among equals and for people without a dated decision)."""
    n = max(int(n), 0)
    chosen = ranked.head(n)
    tied: list[str] = []
    if 0 < n < len(ranked):
        last = ranked.iloc[n - 1][RANK_COLUMNS].tolist()
        rest = ranked.iloc[n:]
        level = (rest[RANK_COLUMNS] == last).all(axis=1)
        tied = rest.loc[level, "defendant"].tolist()
    return Choice(chosen=chosen.reset_index(drop=True), tied=tied, pool=len(ranked))


def in_date_order(chosen: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The chosen people in the order of their first dated decision; people without one last."""
    first = sentences.dropna(subset=["date"]).groupby("case_id")["date"].min()
    dates = chosen["case_id"].map(first)
    return (
        chosen.assign(_first=dates)
        .sort_values("_first", kind="stable", na_position="last")
        .drop(columns="_first")
        .reset_index(drop=True)
    )


# --- decisions ----------------------------------------------------------------------------------


@dataclass
class Decision:
    stage: str
    date: object
    outcome: str
    term_min: object
    term_max: object
    term_unit: object
    source_ids: list[str]
    stage_stated: bool = True
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # (term, unit, source_id)

    @property
    def has_term(self) -> bool:
        return pd.notna(self.term_min)

    def same_decision(self, other: Decision) -> bool:
        return (self.stage, self.outcome, _term_key(self), self.stage_stated) == (
            other.stage,
            other.outcome,
            _term_key(other),
            other.stage_stated,
        )


def _term_key(decision: Decision) -> tuple:
    if not decision.has_term:
        return ()
    return (float(decision.term_min), float(decision.term_max), str(decision.term_unit))


def decisions(case_id: str, sentences: pd.DataFrame) -> list[Decision]:
    """One person's decisions in date order, each reported decision once with all its documents.

    Rows of different documents with the same stage, outcome, term and date are one decision; a
    row without a date joins a dated row that agrees on everything else (the same decision, one
    document not dating it). Rows that disagree stay apart, side by side. Undated decisions are
    placed after the dated ones of the same or an earlier stage.
    """
    merged: list[Decision] = []
    rows = sentences[sentences["case_id"] == case_id]
    rows = rows.assign(dated=rows["date"].notna()).sort_values("dated", ascending=False, kind="stable")
    for row in rows.itertuples():
        found = Decision(
            stage=row.stage,
            date=row.date if pd.notna(row.date) else None,
            outcome=row.outcome,
            term_min=row.term_min,
            term_max=row.term_max,
            term_unit=row.term_unit,
            source_ids=[row.source_id],
            stage_stated=not (isinstance(row.notes, str) and _APPROXIMATE_STAGE.search(row.notes)),
        )
        if pd.notna(row.prosecutor_request):
            found.requests.append(
                (
                    float(row.prosecutor_request),
                    str(row.term_unit) if pd.notna(row.term_unit) else "years",
                    row.source_id,
                )
            )
        same = [d for d in merged if d.same_decision(found) and (d.date == found.date or found.date is None)]
        if same:
            same[0].source_ids = list(dict.fromkeys([*same[0].source_ids, *found.source_ids]))
            same[0].requests += found.requests
        else:
            merged.append(found)
    return sorted(merged, key=lambda d: _position(d, merged))


def _rank(stage: str) -> int:
    return STAGE_ORDER.index(stage) if stage in STAGE_ORDER else len(STAGE_ORDER)


def _position(decision: Decision, others: list[Decision]) -> tuple:
    if decision.date is not None:
        return (str(decision.date), _rank(decision.stage))
    earlier = [str(d.date) for d in others if d.date is not None and _rank(d.stage) <= _rank(decision.stage)]
    return (max(earlier) if earlier else "", _rank(decision.stage))


# --- wording ------------------------------------------------------------------------------------


def term_words(low: float, high: float, unit: str, display_unit: str = "years") -> str:
    """'7 years and 6 months', '5 years', '15 days', '1 year', '3–7 years'; with display_unit
    'months', terms given in years read in months ('90 months'). Days stay days."""
    unit = str(unit)
    if unit == "years" and display_unit == "months":
        low, high, unit = low * 12, high * 12, "months"
    if low != high:
        return f"{span(number(low), number(high))} {unit}"
    if unit == "years" and low != int(low) and round((low - int(low)) * 12, 6).is_integer():
        years, months = int(low), int(round((low - int(low)) * 12))
        whole = count(years, "year") if years else ""
        return " and ".join(p for p in (whole, count(months, "month")) if p)
    return count(low, unit[:-1]) if float(low).is_integer() else f"{number(low)} {unit}"


def _previous_term(decision: Decision, before: list[Decision]) -> float | None:
    """The last term imposed before a higher court's decision, in years, for 'reduced'/'upheld'."""
    for earlier in reversed(before):
        if earlier.has_term and earlier.term_min == earlier.term_max and earlier.term_unit == decision.term_unit:
            return float(earlier.term_min)
    return None


def describe(decision: Decision, before: list[Decision], display_unit: str = "years") -> str:
    """A decision in plain words: 'sentenced to 7 years and 6 months in prison', 'early release refused'."""
    stage, outcome = decision.stage, decision.outcome
    term = (
        term_words(float(decision.term_min), float(decision.term_max), decision.term_unit, display_unit)
        if decision.has_term
        else ""
    )
    if stage == "parole":
        return "released on parole" if outcome == "released" else "early release refused"
    if outcome == "released":
        return {
            "amnesty": "released under amnesty",
            "pardon": "pardoned and released",
            "supreme_court": "released by the Supreme Court",
        }.get(stage, "released")
    fixed = {
        "amnesty": "amnestied",
        "acquitted": "acquitted",
        "charges_dropped": "charges dropped",
        "witness": "moved from defendant to witness",
        "pending": "case pending, no verdict reported",
        "fine": "fined",
    }
    if outcome in fixed:
        return fixed[outcome]
    kind = {
        "custodial": "in prison",
        "suspended": "suspended",
        "restriction_of_liberty": "of restriction of liberty",
        "house_arrest": "of house arrest",
        "administrative_detention": "of administrative detention",
    }[outcome]
    if stage in HIGHER_COURT_STAGES:
        previous = _previous_term(decision, before)
        if decision.has_term and previous is not None and decision.term_min == decision.term_max:
            change = (
                "reduced to"
                if decision.term_min < previous
                else "increased to"
                if decision.term_min > previous
                else "upheld:"
            )
            shown = f"sentence {change} {term}"
            if outcome == "custodial":
                return f"{shown} in prison"
            if outcome == "suspended":
                return f"{shown}, suspended"
            return f"{shown}, under house arrest" if outcome == "house_arrest" else f"{shown} {kind}"
        if not decision.has_term:
            return "prison sentence upheld" if outcome == "custodial" else f"{_outcome_noun(outcome)} upheld"
    if outcome == "suspended":
        return f"given a suspended sentence of {term}" if term else "given a suspended sentence"
    if outcome == "custodial":
        return f"sentenced to {term} in prison" if term else "sentenced to prison (term not given)"
    return f"sentenced to {term} {kind}" if term else f"given {_outcome_noun(outcome)} (term not given)"


def _outcome_noun(outcome: str) -> str:
    return {
        "suspended": "suspended sentence",
        "restriction_of_liberty": "restriction of liberty",
        "house_arrest": "house arrest",
        "administrative_detention": "administrative detention",
        "custodial": "prison sentence",
    }.get(outcome, outcome.replace("_", " "))


def _cite(source_ids, sources: pd.DataFrame) -> str:
    """' [1, 3]' as escaped HTML, or '' when there is nothing to cite."""
    text = cite(list(source_ids), sources)
    return f' <span class="cite">{escape(text)}</span>' if text else ""


def _document_date(source_id: str, sources: pd.DataFrame) -> str:
    dates = sources.set_index("source_id")["date"]
    return format_date(dates.get(source_id, "")) or "an undated document"


# --- the profile --------------------------------------------------------------------------------


def _torture_table(tables: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    found = tables.get("torture_allegations")
    return found if isinstance(found, pd.DataFrame) else None


def _charges_html(case_id: str, tables: dict[str, pd.DataFrame], code_names: dict[str, str]) -> str:
    """Charges in plain words: the offence family where an article is mapped, else the document's
    words; codes named as briefing.yml names them (`code_names`, its legal_codes). Other documents'
    wordings of charges that one document gives with articles are shown as their own wording,
    with their own numbers."""
    sources = tables["sources"]
    charges = tables["charges"][tables["charges"]["case_id"] == case_id]
    if charges.empty:
        return ""
    families = tables["offence_families"].set_index(["code", "article"])["family"]
    numbered_docs = set(charges.loc[charges["article"].notna(), "source_id"])
    main_parts, other_parts = [], []
    for source_id, part in charges.groupby("source_id", sort=False):
        items = []
        for row in part.itertuples():
            if pd.notna(row.article):
                family = families.get((row.code, row.article), row.label)
                article = f"Art. {row.article}" + (f"({row.part})" if pd.notna(row.part) else "")
                items.append(f"{escape(family)} ({escape(article)}, {escape(code_names.get(row.code, row.code))})")
            else:
                items.append(
                    f"“{escape(row.label)}”" if source_id not in numbered_docs and numbered_docs else escape(row.label)
                )
        text = "; ".join(items) + _cite([source_id], sources)
        (other_parts if numbered_docs and source_id not in numbered_docs else main_parts).append(text)
    html = f'<p class="profile-charges"><span class="profile-label">Charges reported:</span> {"; ".join(main_parts)}.'
    if other_parts:
        html += f" Other documents’ wording: {'; '.join(other_parts)}."
    return html + "</p>"


def _torture_html(case: pd.Series, tables: dict[str, pd.DataFrame]) -> str:
    sources = tables["sources"]
    torture = _torture_table(tables)
    if torture is None:
        if case["torture_alleged"] == "true":
            return (
                f'<p class="profile-torture"><span class="profile-label">Torture:</span> the document reports '
                f"that {escape(case['defendant'])} alleged torture{_cite([case['source_id']], sources)}; "
                "no response to the allegation is recorded in the data.</p>"
            )
        return ""
    own = torture[torture["case_id"] == case["case_id"]]
    if own.empty:
        return ""
    parts = []
    for row in own.itertuples():
        text = f"“{escape(row.allegation_quote)}”{_cite([row.source_id], sources)}. "
        body = RESPONSE_BODIES.get(row.response_body)
        response = RESPONSE_VERBS.get(row.response)
        when = f" ({escape(format_date(row.response_date))})" if pd.notna(row.response_date) else ""
        if response:
            quote = f": “{escape(row.response_quote)}”" if pd.notna(row.response_quote) else ""
            who = f"{body} " if body else "(the document does not say by whom) "
            text += f"Response: {escape(who)}{escape(response)}{when}{quote}"
        else:
            text += "The document does not say how the authorities responded"
        parts.append(text if text.endswith((".", ".”")) else text + ".")
    return f'<p class="profile-torture"><span class="profile-label">Torture alleged:</span> {" ".join(parts)}</p>'


def _conflicts_html(case: pd.Series, tables: dict[str, pd.DataFrame]) -> str:
    """Subjects the conflicts table lists about this person (named in the subject), each account side by side."""
    conflicts = tables.get("conflicts")
    if not isinstance(conflicts, pd.DataFrame) or conflicts.empty:
        return ""
    names = [case["defendant"], *_aliases(case)]
    surname = str(case["defendant"]).split()[-1]
    # Whole names only: an alias "Ali" is no match for "Alina's term".
    pattern = re.compile(
        "|".join([rf"(?<!\w){re.escape(n)}(?!\w)" for n in names] + [rf"\b{re.escape(surname)}['’]s\b"])
    )
    parts = []
    for row in conflicts.itertuples():
        if not pattern.search(str(row.subject)) or _CHARGE_SUBJECT.search(str(row.subject)) or pd.isna(row.accounts):
            continue
        ids = [s for s in str(row.source_ids).split(";") if s]
        parts.append(f"{escape(row.subject)}: {escape(row.accounts)}{_cite(ids, tables['sources'])}.")
    if not parts:
        return ""
    return (
        f'<p class="profile-conflicts"><span class="profile-label">The documents differ:</span> {" ".join(parts)}</p>'
    )


def _co_defendants(case: pd.Series, cases: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The other named people of the same proceedings (group counts left out), and their documents."""
    if pd.isna(case["proceeding"]):
        return [], []
    same = cases[
        (cases["proceeding"] == case["proceeding"])
        & ~cases["is_group"].astype(bool)
        & (cases["case_id"] != case["case_id"])
    ]
    return list(dict.fromkeys(same["defendant"])), list(dict.fromkeys(same["source_id"]))


def _aliases(case: pd.Series) -> list[str]:
    value = case.get("aliases")
    return [a.strip() for a in str(value).split(";") if a.strip()] if pd.notna(value) else []


def profile_sources(case: pd.Series, tables: dict[str, pd.DataFrame], found: list[Decision]) -> list[str]:
    """Every document the profile cites, in order of first mention."""
    ids = [case["source_id"], *_co_defendants(case, tables["cases"])[1], *[s for d in found for s in d.source_ids]]
    ids += tables["charges"].loc[tables["charges"]["case_id"] == case["case_id"], "source_id"].tolist()
    torture = _torture_table(tables)
    if torture is not None:
        ids += torture.loc[torture["case_id"] == case["case_id"], "source_id"].tolist()
    numbers = bibliography_numbers(tables["sources"])
    return sorted(dict.fromkeys(ids), key=lambda s: numbers.get(s, len(numbers) + 1))


def status_html(found: list[Decision], sources: pd.DataFrame, display_unit: str = "years") -> str:
    """'As of 2016, according to Open Dialog Foundation (2016) [5], the latest decision reported was:
    released (2016).' The status is always the documents' and always dated by the newest document
    that reports it; escaped HTML."""
    if not found:
        return ""
    last = found[-1]
    dates = sources.set_index("source_id")["date"].astype(str)
    newest = max(last.source_ids, key=lambda s: dates.get(s, ""))
    when = f" ({format_date(last.date)})" if last.date is not None else ""
    e = escape
    status = (
        "the case was pending, with no verdict reported"
        if last.outcome == "pending"
        else f"the latest decision reported was: {describe(last, found[:-1], display_unit)}{when}"
    )
    return (
        f"As of {e(_document_date(newest, sources))}, according to {e(short_reference(newest, sources))}"
        f"{_cite([newest], sources)}, {e(status)}."
    )


def profile(
    case: pd.Series,
    tables: dict[str, pd.DataFrame],
    display_unit: str = "years",
    code_names: dict[str, str] | None = None,
) -> str:
    """One person's profile as an HTML block (every data value escaped).

    Classes, for the stylesheet: section.profile; h3.profile-name; p.profile-aliases,
    p.profile-facts, p.profile-charges, ol.profile-decisions (li > span.decision-date,
    span.decision-stage, span.decision-text), p.profile-torture, p.profile-conflicts,
    p.profile-status, p.profile-note, p.profile-sources; span.profile-label and span.cite inside.
    """
    sources = tables["sources"]
    found = decisions(case["case_id"], tables["sentences"])
    e = escape
    html = [f'<section class="profile"><h3 class="profile-name">{e(case["defendant"])}</h3>']
    aliases = _aliases(case)
    if aliases:
        html.append(f'<p class="profile-aliases">Also spelled: {e(join_words(aliases))}</p>')
    facts = []
    if pd.notna(case["role"]) and case["role"] != "other":
        facts.append(f"{e(str(case['role']).capitalize())}.")
    if pd.notna(case["proceeding"]):
        where = ", ".join(e(v) for v in (case["court"], case["city"]) if pd.notna(v))
        facts.append(f"Proceedings: {e(case['proceeding'])}" + (f" ({where})" if where else "") + ".")
    others, others_sources = _co_defendants(case, tables["cases"])
    if others:
        facts.append(f"Others named in the same proceedings: {e(join_words(others))}.")
    if case["plea"] in PLEA_LABELS:
        facts.append(f"{e(PLEA_LABELS[case['plea']].capitalize())}.")
    if facts:
        html.append(
            f'<p class="profile-facts">{" ".join(facts)}{_cite([case["source_id"], *others_sources], sources)}</p>'
        )
    html.append(_charges_html(case["case_id"], tables, code_names or {}))
    if found:
        items = []
        for i, decision in enumerate(found):
            date = e(format_date(decision.date)) if decision.date is not None else "Date not given"
            stage = (
                f'<span class="decision-stage">{e(STAGE_LABELS.get(decision.stage, decision.stage))}</span>: '
                if decision.stage_stated
                else ""
            )
            text = e(describe(decision, found[:i], display_unit))
            requests = "".join(
                f" The prosecutor had asked for {e(term_words(t, t, u, display_unit))}{_cite([s], sources)}."
                for t, u, s in decision.requests
            )
            items.append(
                f'<li><span class="decision-date">{date}</span> — {stage}'
                f'<span class="decision-text">{text}</span>{_cite(decision.source_ids, sources)}.'
                f"{requests}</li>"
            )
        html.append(f'<ol class="profile-decisions">{"".join(items)}</ol>')
    html.append(_torture_html(case, tables))
    html.append(_conflicts_html(case, tables))
    if found:
        html.append(f'<p class="profile-status">{status_html(found, sources, display_unit)}</p>')
    if any(d.has_term for d in found):
        html.append(f'<p class="profile-note">{e(IMPOSED_NOTE)}</p>')
    html.append(f'<p class="profile-sources">{source_html(profile_sources(case, tables, found), sources)}</p>')
    html.append("</section>")
    return "".join(part for part in html if part)


def profiles(
    chosen: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    display_unit: str = "years",
    code_names: dict[str, str] | None = None,
) -> str:
    """The profiles of `chosen` (rows of `ranking`), in ranking order, as one HTML block;
    `code_names` names the legal codes charges cite (briefing.yml's legal_codes)."""
    cases = tables["cases"].set_index("case_id", drop=False)
    blocks = [profile(cases.loc[case_id], tables, display_unit, code_names) for case_id in chosen["case_id"]]
    return '<div class="profiles">' + "".join(blocks) + "</div>"


def decision_years(chosen: pd.DataFrame, sentences: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year of the chosen people's dated decisions."""
    dates = sentences.loc[sentences["case_id"].isin(chosen["case_id"]), "date"].dropna()
    if dates.empty:
        return None
    years = dates.str[:4].astype(int)
    return int(years.min()), int(years.max())


def introduction(choice: Choice, sentences: pd.DataFrame) -> str:
    """The chapter's opening sentence: how many people, chosen how, over which years."""
    if choice.chosen.empty:
        return "No named person with a recorded decision is in this selection."
    n = len(choice.chosen)
    if n == choice.pool:  # everyone: no choice to explain
        who = "the one named person" if n == 1 else "both named people" if n == 2 else f"all {n} named people"
        text = f"This chapter profiles {who} with a recorded decision in this selection."
    else:
        text = (
            f"This chapter profiles {n} of the {count(choice.pool, 'named person', 'named people')} "
            f"with a recorded decision: those the documents report most fully, {RANKING_RULE}."
        )
    decided = decision_years(choice.chosen, sentences)
    if decided:
        years = str(decided[0]) if decided[0] == decided[1] else f"{decided[0]} to {decided[1]}"
        text += f" They appear in the order of their first dated decision; their decisions run from {years}."
        if decided[0] == decided[1]:
            text = text.replace("run from", "date from")
    if choice.tied:
        text += (
            f" Reported as fully as the last person profiled, and left out only by alphabetical order: "
            f"{join_words(choice.tied)}. The sentencing chapter lists every named person."
        )
    return text
