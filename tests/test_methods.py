"""The methods chapter: its facts (chapters.methods) and their wording (templates methods/*.md),
on the real data and the tiny and fictional fixtures; no kernel."""

import pandas as pd
from bs4 import BeautifulSoup

from conftest import DATA, ROOT, TINY
from kzbrief import datasets
from kzbrief.analysis import coverage
from kzbrief.chapters import methods
from kzbrief.render import Text

FREEDONIA = ROOT / "tests" / "fixtures" / "freedonia"


def params(data_dir=DATA, **changed) -> dict:
    return {"data_dir": str(data_dir), "start_year": 2002, "end_year": None} | changed


def said(data_dir, facts, name: str) -> str:
    html = Text(data_dir, facts.sources).html(f"methods/{name}.md", facts)
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def test_facts_on_the_real_data():
    tables = datasets.load_all(DATA)
    facts = methods.compute(tables, params())
    counts = coverage.document_counts(tables["sources"])
    assert facts.documents.read.value == counts["read"] and facts.documents.cited.value == counts["cited"]
    assert [(i.publisher, i.editions.value) for i in facts.documents.indexes][0][1] > 1
    assert facts.group_rows.value == int(tables["cases"]["is_group"].astype(bool).sum())
    assert facts.conflict_count.value == len(facts.conflicts) > 0
    lead = said(DATA, facts, "lead")
    assert lead.startswith(
        f"The data cites {counts['read']} documents read directly (which cite {counts['cited']} more)"
    )
    assert "published indexes (24 from Reporters Without Borders (RSF), 1 from Freedom House)" in lead
    groups = tables["cases"][tables["cases"]["is_group"].astype(bool)]
    # the group counts are counted, with their documents; the people in them are never added up
    assert f"holds {len(groups)} group counts from {groups['source_id'].nunique()} documents" in lead
    assert str(int(groups["n_persons"].sum())) not in lead
    assert f"On {facts.conflict_count.value} subjects the documents or claimants" in said(DATA, facts, "conflicts")


def test_gaps_are_measured_on_the_data():
    tables = datasets.load_all(DATA)
    facts = methods.compute(tables, params())
    sources = tables["sources"]
    evidence = (sources["source_type"] != "index") & ~sources["source_id"].isin(coverage.standing_only(tables))
    documents = sources.loc[evidence, "date"].astype(str).str[:4]  # a publisher's standing is not evidence
    gaps = said(DATA, facts, "gaps")
    assert gaps.startswith("Measured on the data itself:")
    assert f"dates from {documents.astype(int).max()}" in gaps
    undated = int(tables["sentences"]["date"].isna().sum())
    assert (
        f"{undated} of the {len(tables['sentences'])} decisions and releases reported (per document) have no date"
        in gaps
    )
    assert facts.gaps.undated.value == undated
    assert coverage.year_runs([2003, 2004, 2005, 2007, 2009, 2010]) == ["2003–2005", "2007", "2009–2010"]
    # every year without a dated decision or claim, computed from the tables themselves
    dated = pd.concat([tables["sentences"]["date"], tables["casualty_estimates"]["claim_date"]]).dropna().str[:4]
    years = set(dated.astype(int))
    missing = [y for y in range(min(years), max(years) + 1) if y not in years]
    assert facts.gaps.empty_years == coverage.year_runs(missing)


def test_a_sentence_without_a_term_is_one_imposed_at_first_instance_not_a_row_restating_it():
    """A refused parole, a higher court upholding a group's terms or an appeal row gives no length
    but imposes no sentence either: only first-instance prison sentences without a term count."""
    tables = datasets.load_all(DATA)
    sentences = tables["sentences"]
    facts = methods.compute(tables, params())
    first = sentences[(sentences["stage"] == "first_instance") & (sentences["outcome"] == "custodial")]
    restated = sentences[(sentences["stage"] != "first_instance") & (sentences["outcome"] == "custodial")]
    assert restated["term_min"].isna().any()  # the real data holds such rows
    assert facts.gaps.no_term.value == int(first["term_min"].isna().sum())
    n = facts.gaps.no_term.value
    assert f"{n} prison sentence{'s' if n != 1 else ''} imposed at first instance" in said(DATA, facts, "gaps")


def test_a_gap_disappears_when_the_data_fills_it():
    tables = datasets.load_all(DATA)
    sentences = tables["sentences"].copy()
    sentences.loc[sentences["date"].isna(), "date"] = "2019-05-01"
    facts = methods.compute({**tables, "sentences": sentences}, params())
    assert not facts.gaps.undated and "2019" not in facts.gaps.empty_years
    gaps = said(DATA, facts, "gaps")
    assert "have no date" not in gaps and "2019" not in gaps


def test_no_gap_no_list_and_one_index_in_words():
    tables = datasets.load_all(TINY)
    facts = methods.compute(tables, params(TINY, start_year=2016, end_year=2016, metrics=["detained"]))
    assert "On 2 subjects the documents or claimants give different figures" in said(TINY, facts, "conflicts")
    empty = {
        **tables,
        "sentences": tables["sentences"].iloc[0:0],
        "sources": tables["sources"][tables["sources"]["source_type"] == "index"],
        "events": tables["events"].iloc[0:0],
        "casualty_estimates": tables["casualty_estimates"].iloc[0:0],
    }
    assert methods.gap_facts(empty, 2002, None).newest_document is None
    nothing = methods.Facts({"gaps": methods.gap_facts(empty, 2002, None)})
    assert Text(TINY, tables["sources"]).html("methods/gaps.md", nothing) == ""


def test_freedonia_reads_naturally():
    tables = datasets.load_all(FREEDONIA)
    facts = methods.compute(tables, params(FREEDONIA))
    text = " ".join(said(FREEDONIA, facts, name) for name in ("lead", "conflicts", "gaps"))
    assert "The data cites 2 documents read directly (which cite 1 more) and 2 editions of a published index." in text
    assert "On 1 subject the documents or claimants" in text
    for word in ("Kazakh", "Zhanaozen", "soldiers"):
        assert word not in text
    assert isinstance(facts.source_types, pd.DataFrame)
