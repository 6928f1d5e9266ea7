"""A sentence passed in absentia is its own outcome: worded so, allowed only as a court's
verdict, and never counted as imprisonment (not in "sent to prison", not in person-years)."""

from bs4 import BeautifulSoup

from kzbrief import chapters, datasets
from kzbrief.chapters import summary
from kzbrief.render import Text
from kzbrief.validation import validate

IN_PRISON = "qazaq-name,first_instance,2012-06-04,custodial,7,7,years,9,ngo-report,"
SUSPENDED = "plain-name,first_instance,2012-10-08,suspended,18,18,months,,news-item,"
ABROAD = "plain-name,first_instance,2012-10-08,in_absentia,5,5,years,,news-item,Tried while abroad."


def _with_absentia(data_dir):
    path = data_dir / "sentences.csv"
    text = path.read_text(encoding="utf-8")
    assert SUSPENDED in text and IN_PRISON in text, "fixture changed"
    path.write_text(text.replace(SUSPENDED, ABROAD), encoding="utf-8")


def _facts(data_dir):
    tables = datasets.load_all(data_dir)
    params = chapters.parameters({"data_dir": str(data_dir), "start_year": 2000, "max_asks": 3})
    return tables, summary.compute(tables, params)


def test_an_in_absentia_sentence_is_valid_as_a_verdict_with_its_term(tiny_data):
    _with_absentia(tiny_data)
    assert validate(tiny_data) == []


def test_in_absentia_is_refused_as_the_outcome_of_a_release(tiny_data):
    _with_absentia(tiny_data)
    path = tiny_data / "sentences.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(ABROAD, ABROAD.replace("first_instance", "release")))
    (problem,) = validate(tiny_data)
    assert (problem.column, problem.value) == ("outcome", "in_absentia")
    assert "cannot be the outcome of a release row" in problem.rule


def test_in_absentia_is_never_counted_as_imprisonment(tiny_data):
    _, before = _facts(tiny_data)
    _with_absentia(tiny_data)
    tables, after = _facts(tiny_data)
    assert int(after.sentencing.outcomes.in_absentia.people.value) == 1
    assert after.sentencing.sent_to_prison.value == before.sentencing.sent_to_prison.value
    assert after.sentencing.person_years.total.value == before.sentencing.person_years.total.value
    html = Text(tiny_data, tables["sources"]).html("summary/key_findings.md", after)
    words = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "1 sentenced in absentia" in words, words


# --- a life term: no number, the unit is the whole term

FOR_LIFE = "plain-name,first_instance,2012-10-08,in_absentia,,,life,,news-item,Tried while abroad; life."


def _with_life(data_dir, row=FOR_LIFE):
    path = data_dir / "sentences.csv"
    text = path.read_text(encoding="utf-8")
    assert SUSPENDED in text, "fixture changed"
    path.write_text(text.replace(SUSPENDED, row), encoding="utf-8")


def test_a_life_term_is_valid_without_a_number_and_is_worded_as_life(tiny_data):
    from kzbrief.analysis import profiles as pr
    from kzbrief.chapters import profiles

    _with_life(tiny_data)
    assert validate(tiny_data) == []
    tables = datasets.load_all(tiny_data)
    case = tables["cases"].set_index("case_id", drop=False).loc["plain-name"]
    facts = profiles.profile_facts(case, tables, "years", {})
    html = Text(tiny_data, tables["sources"]).html("profiles/profile.md", facts)
    words = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "sentenced in absentia to life imprisonment" in words, words
    # never a number of years: a life term adds nothing to any total of person-years
    assert all(d.term_unit == "life" and not d.has_term for d in pr.decisions("plain-name", tables["sentences"]))


def test_a_life_term_with_a_number_or_on_a_non_prison_outcome_is_refused(tiny_data):
    _with_life(tiny_data, FOR_LIFE.replace(",,,life,", ",20,20,life,"))
    (problem,) = validate(tiny_data)
    assert (problem.column, problem.value) == ("term_min", "20")
    assert "a life term has no number" in problem.rule
    path = tiny_data / "sentences.csv"
    wrong = FOR_LIFE.replace(",,,life,", ",20,20,life,")
    path.write_text(path.read_text(encoding="utf-8").replace(wrong, FOR_LIFE.replace("in_absentia", "suspended")))
    (problem,) = validate(tiny_data)
    assert (problem.column, problem.value) == ("term_unit", "life")
