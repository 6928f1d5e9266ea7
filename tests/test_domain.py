"""The briefing's words for the data's codes cover exactly the codes the schema allows."""

import ast
import re
from pathlib import Path

from kzbrief import domain


def test_every_code_has_its_words_and_no_word_lacks_a_code():
    assert set(domain.METRIC_LABELS) == set(domain.schema_codes("casualty_estimates", "metric"))
    assert set(domain.CLAIMANT_TYPE_LABELS) == set(domain.CLAIMANT_TYPES)
    assert set(domain.OUTCOME_LABELS) == set(domain.schema_codes("sentences", "outcome"))
    assert set(domain.OUTCOME_PHRASES) == set(domain.OUTCOME_LABELS) | {"conflicting"}
    assert set(domain.SOURCE_TYPE_LABELS) == set(domain.schema_codes("sources", "source_type"))
    assert set(domain.PLEA_LABELS) == set(domain.schema_codes("cases", "plea")) - {"unknown"}
    assert set(domain.RESPONSE_BODIES) == set(domain.schema_codes("torture_allegations", "response_body")) - {
        "not_stated"
    }
    assert set(domain.RESPONSE_VERBS) == set(domain.schema_codes("torture_allegations", "response")) - {"not_stated"}
    families = [m for metrics in domain.METRIC_FAMILIES.values() for m in metrics]
    assert sorted(families) == sorted(domain.METRIC_LABELS)  # each metric in exactly one family


def test_indexes_methods_and_directions_are_the_schemas():
    assert {domain.RSF_INDEX, domain.FH_INDEX} == set(domain.schema_codes("press_freedom", "index"))
    methods = [method for _, _, method, _ in domain.RSF_METHOD_PERIODS] + [domain.FH_METHOD]
    assert set(methods) == set(domain.schema_codes("press_freedom", "method"))
    directions = {direction for *_, direction in domain.RSF_METHOD_PERIODS} | {domain.FH_DIRECTION}
    assert directions == set(domain.schema_codes("press_freedom", "score_direction"))
    rsf = set(methods) - {domain.FH_METHOD}
    for words in (domain.RSF_METHOD_LABELS, domain.RSF_METHOD_NAMES, domain.RSF_METHOD_SCALES, domain.RSF_SCORE_RANGES):
        assert set(words) == rsf
    assert set(domain.NO_TERM_OUTCOMES) <= set(domain.OUTCOME_LABELS)
    assert set(domain.HIGHER_COURT_STAGES + domain.TRIAL_STAGES) <= set(domain.schema_codes("sentences", "stage"))


def test_the_rsf_method_periods_follow_each_other_without_a_gap():
    periods = domain.RSF_METHOD_PERIODS
    assert all(a[1] + 1 == b[0] for a, b in zip(periods, periods[1:]))


# Words that say a person was set free or held; an outcome's words may say only what the outcome
# records (a dropped charge, an acquittal or an amnesty says nothing about custody or release).
CLAIMS = {
    "release": r"\b(free|freed|releas\w*|liberat\w*|let go)\b",
    "confinement": r"\b(prison\w*|jail\w*|imprison\w*|detain\w*|detention|custod\w*|arrest\w*)\b",
}
RECORDS = {
    "released": {"release"},
    "custodial": {"confinement"},
    "house_arrest": {"confinement"},
    "administrative_detention": {"confinement"},
}


def _claims(words: str) -> set[str]:
    return {claim for claim, pattern in CLAIMS.items() if re.search(pattern, words, re.IGNORECASE)}


def _profile_outcome_words() -> dict[str, str]:
    """The profiles' fixed words per outcome (`{% set fixed = {...} %}` in profiles/words.md)."""
    template = (Path(domain.__file__).parent / "prose" / "profiles" / "words.md").read_text(encoding="utf-8")
    return ast.literal_eval(re.search(r"\{% set fixed = (\{.*?\}) %\}", template).group(1))


def test_an_outcomes_words_claim_no_release_or_detention_it_does_not_record():
    wordings = [domain.OUTCOME_LABELS, domain.OUTCOME_PHRASES, _profile_outcome_words()]
    for words in wordings:
        for outcome, text in words.items():
            claimed = _claims(text)
            assert claimed <= RECORDS.get(outcome, set()), f"{outcome!r} worded {text!r} claims {sorted(claimed)}"
    # the kind of wording this keeps out: a dropped charge worded as a release
    assert _claims("freed when charges were dropped") == {"release"}
    assert domain.OUTCOME_PHRASES["charges_dropped"] == "whose charges were dropped"
