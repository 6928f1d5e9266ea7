"""The briefing's words for the data's codes cover exactly the codes the schema allows."""

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
