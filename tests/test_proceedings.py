"""One person, several proceedings: each trial is its own case row sharing a person_id. People
are counted once, each trial's prison term adds to the person-years, an appeal is compared only
with the first-instance term of its own trial, and the profile says a new trial began."""

import csv

from bs4 import BeautifulSoup

from kzbrief import chapters, datasets
from kzbrief.analysis import profiles as pr
from kzbrief.analysis import sentencing as sn
from kzbrief.chapters import profiles, summary
from kzbrief.render import Text
from kzbrief.validation import validate

# qazaq-name: 7 years (2012-06-04), reduced to 5 on appeal. A second trial in 2015 gives her 8
# years, upheld on appeal: the appeal keeps the second trial's 8, it does not "increase" the 5.
SECOND_TRIAL = (
    "qazaq-name-2015,Әлия Ғұмарова,qazaq-name,1,false,,activist,,Second trial 2015,,Aktau,unknown,unknown,ngo-report,"
)
SECOND_DECISIONS = [
    "qazaq-name-2015,first_instance,2015-03-02,custodial,8,8,years,,ngo-report-2016,",
    "qazaq-name-2015,appeal,2015-06,custodial,8,8,years,,ngo-report-2016,",
]


def _with_second_trial(data_dir):
    path = data_dir / "cases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    at = header.index("defendant") + 1
    rows = [[*r[:at], "person_id" if i == 0 else "", *r[at:]] for i, r in enumerate(rows)]
    rows.append(next(csv.reader([SECOND_TRIAL])))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with (data_dir / "sentences.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(SECOND_DECISIONS) + "\n")


def _load(data_dir):
    tables = datasets.load_all(data_dir)
    params = chapters.parameters({"data_dir": str(data_dir), "start_year": 2000, "max_asks": 3, "n_profiles": 8})
    return tables, params


def test_a_second_trial_is_valid(tiny_data):
    _with_second_trial(tiny_data)
    assert validate(tiny_data) == []


def test_people_are_counted_once_and_both_terms_add(tiny_data):
    tables, params = _load(tiny_data)
    before = summary.compute(tables, params)
    _with_second_trial(tiny_data)
    tables, params = _load(tiny_data)
    after = summary.compute(tables, params)
    assert after.sentencing.named.value == before.sentencing.named.value
    assert after.sentencing.sent_to_prison.value == before.sentencing.sent_to_prison.value
    low, high = before.sentencing.person_years.total.value
    assert after.sentencing.person_years.total.value == (low + 8, high + 8)
    # Counted once (the high bound does not move). Her first trial also has group counts she
    # may be inside (low bound 0); her second has none, so she is now surely among them.
    people_low, people_high = before.sentencing.person_years.people.value
    assert after.sentencing.person_years.people.value == (people_low + 1, people_high)


def test_an_appeal_is_compared_within_its_own_trial(tiny_data):
    _with_second_trial(tiny_data)
    tables, _ = _load(tiny_data)
    found = pr.decisions(["qazaq-name", "qazaq-name-2015"], tables["sentences"])
    changes = [pr.change(d, found[:i]) for i, d in enumerate(found)]
    assert [(d.case_id, d.stage) for d in found] == [
        ("qazaq-name", "first_instance"),
        ("qazaq-name", "appeal"),
        ("qazaq-name-2015", "first_instance"),
        ("qazaq-name-2015", "appeal"),
    ]
    assert changes == [None, "reduced", None, "upheld"]
    changed = sn.appeal_changes(tables["cases"], tables["sentences"])
    by_trial = changed.set_index("case_id")[["first_years", "later_years", "change_years"]]
    assert by_trial.loc["qazaq-name"].tolist() == [7, 5, -2]
    assert by_trial.loc["qazaq-name-2015"].tolist() == [8, 8, 0]


def test_the_profile_is_one_person_with_a_new_trial_marked(tiny_data):
    _with_second_trial(tiny_data)
    tables, params = _load(tiny_data)
    facts = profiles.compute(tables, params)
    names = [p.name for p in facts.profiles]
    assert names.count("Әлия Ғұмарова") == 1
    (person,) = [p for p in facts.profiles if p.name == "Әлия Ғұмарова"]
    assert [bool(d.new_trial) for d in person.decisions] == [False, False, True, False]
    html = Text(tiny_data, tables["sources"]).html("profiles/profile.md", person)
    words = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "New proceedings: Second trial 2015." in words, words
    assert "increased" not in words and "upheld" in words, words


def test_a_retrial_verdict_replaces_the_annulled_one(tiny_data):
    """plain-name: 18 months suspended (news-item), annulled; a retrial (another document) gives
    3 years in prison. The case's outcome is the retrial's, not a disagreement between documents."""
    with (tiny_data / "sentences.csv").open("a", encoding="utf-8") as handle:
        handle.write("plain-name,retrial,2013-03,custodial,3,3,years,,ngo-report,Retried after the first verdict.\n")
    assert validate(tiny_data) == []
    tables, _ = _load(tiny_data)
    outcomes = sn.named_outcomes(sn.trial_outcomes(tables["cases"], tables["sentences"]))
    (plain,) = outcomes[outcomes["case_id"] == "plain-name"].itertuples()
    assert plain.outcome == "custodial" and plain.outcomes == ["custodial"]
