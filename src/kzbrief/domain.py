"""The briefing's fixed vocabulary: the press-freedom indexes and their methods, which way each
score is better, and the words for metrics, outcomes, claimant and source types.

Defined once here, at the bottom of the package, so that the importers, the checks, the
analyses and the charts cannot drift apart. The codes themselves (the enums of the data's
columns) are the schema's (schema/datapackage.json); where Python needs their list, it reads it
from there rather than typing a second copy. The words for each code are the briefing's and
live here; tests hold them to the schema's codes.
"""

from __future__ import annotations

import json
from pathlib import Path

_SCHEMA = Path(__file__).with_name("schema") / "datapackage.json"


def schema_codes(table: str, column: str) -> tuple[str, ...]:
    """The codes a column of the package schema allows, in the schema's order."""
    descriptor = json.loads(_SCHEMA.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    field = next(f for f in resource["schema"]["fields"] if f["name"] == column)
    return tuple(field["constraints"]["enum"])


# --- score directions ---------------------------------------------------------------------------

LOWER_IS_BETTER = "lower_is_better"
HIGHER_IS_BETTER = "higher_is_better"

# --- RSF World Press Freedom Index --------------------------------------------------------------

RSF_INDEX = "RSF"  # press_freedom.csv's `index` for RSF's rows
RSF_INDEX_NAME = "RSF World Press Freedom Index"

# (first year, last year, method id, direction of the published score): RSF changed its method
# in 2013 and 2022, and scores or ranks never compare across a change.
RSF_METHOD_PERIODS = (
    (2002, 2012, "rsf-2002-2012", LOWER_IS_BETTER),
    (2013, 2021, "rsf-2013-2021", LOWER_IS_BETTER),
    (2022, 9999, "rsf-2022", HIGHER_IS_BETTER),
)
# Each method in a table ('RSF 2013-2021: 0-100, 0 = best') and in a sentence ("RSF's 2013–2021 method").
RSF_METHOD_LABELS = {
    "rsf-2002-2012": "RSF 2002-2012: points score, 0 = best, open-ended",
    "rsf-2013-2021": "RSF 2013-2021: 0-100, 0 = best",
    "rsf-2022": "RSF 2022 onwards: 0-100, 100 = best, five indicators",
}
RSF_METHOD_NAMES = {
    "rsf-2002-2012": "RSF's 2002–2012 method",
    "rsf-2013-2021": "RSF's 2013–2021 method",
    "rsf-2022": "RSF's method since 2022",
}
# The axis a chart of each method's scores is drawn on.
RSF_METHOD_SCALES = {"rsf-2002-2012": "Points", "rsf-2013-2021": "Score out of 100", "rsf-2022": "Score out of 100"}
# Published score ranges: 2002-2012 open-ended points (RSF's worst ever was about 142 and its
# best -10); later methods run 0-100.
RSF_SCORE_RANGES = {"rsf-2002-2012": (-15, 150), "rsf-2013-2021": (0, 100), "rsf-2022": (0, 100)}

# --- Freedom House, Freedom of the Press --------------------------------------------------------

FH_INDEX, FH_METHOD, FH_DIRECTION = "FH-FOTP", "fh-fotp", LOWER_IS_BETTER
FH_INDEX_NAME = "Freedom House's Freedom of the Press"
FH_SCORE_RANGE = (0, 100)  # one method over the editions in the data; higher = less free
# Freedom House's bands for the total score (its methodology: Free 0-30, Partly Free 31-60, Not Free 61-100).
FH_STATUS_BANDS = ((30, "Free"), (60, "Partly Free"), (100, "Not Free"))

# --- casualty and detention figures -------------------------------------------------------------

CLAIMANT_TYPES = schema_codes("casualty_estimates", "claimant_type")
# An intergovernmental body (a UN body, the OSCE) is its own type: never worded or charted as independent.
CLAIMANT_TYPE_LABELS = {
    "official": "official",
    "independent": "independent",
    "media": "media",
    "ngo": "NGO",
    "intergovernmental": "intergovernmental",
}

# Whom a figure counts (casualty_estimates.counted): a part of a total ("of whom 19 members of the
# security forces") is printed beside the total, never as a rival figure.
COUNTED_LABELS = {
    "all": "everyone",
    "protesters": "protesters",
    "civilians": "civilians",
    "bystanders": "bystanders",
    "security_forces": "members of the security forces",
    "alleged_attackers": "people the authorities class as attackers",
    "journalists": "journalists",
    "children": "children",
}

# The words for each metric, in prose and labels (deaths and injuries first, then detentions).
METRIC_LABELS = {
    "killed": "killed",
    "injured": "injured",
    "wounded_by_gunfire": "wounded by gunfire",
    "missing": "missing",
    "detained": "detained",
    "journalists_detained": "journalists detained",
    "arrested": "arrested",
    "administrative_arrests": "given administrative arrest",
    "administrative_liability": "brought to administrative responsibility",
    "prosecuted": "prosecuted",
    "convicted": "convicted",
    "fined": "fined",
    "amnestied": "amnestied",
    # A stock, not a flow: the people a body counts as political prisoners on its count date.
    "political_prisoners": "political prisoners",
}
# Two families of metrics, each charted apart, so a death toll and a count of detainees never
# share an axis as if they were the same kind of number.
METRIC_FAMILIES = {
    "deaths and injuries": ("killed", "injured", "wounded_by_gunfire", "missing"),
    "detentions and prosecutions": (
        "detained",
        "journalists_detained",
        "arrested",
        "administrative_arrests",
        "administrative_liability",
        "prosecuted",
        "convicted",
        "fined",
        "amnestied",
    ),
    # A count of people held on a date, by each counting body: never on an axis with arrests.
    "political prisoners": ("political_prisoners",),
}
# Metrics that count a stock on a date (a list kept over years), not what happened at one event: two
# counts on different dates are a series, not a conflict, and a list is not an event in the timeline.
STOCK_METRICS = ("political_prisoners",)
# The term unit of a life sentence: it has no number, so it is never added to a total of years.
LIFE_TERM = "life"

# --- court decisions ----------------------------------------------------------------------------

# The stage whose outcome says how a criminal case ended (an amnesty before a verdict also ends it).
TRIAL_STAGES = ("first_instance", "amnesty")
HIGHER_COURT_STAGES = ("appeal", "cassation", "supreme_court", "retrial")
# The kinds of proceeding an outcome belongs to: a person can have both, and they are counted apart.
CRIMINAL, ADMINISTRATIVE = "criminal", "administrative"

# Display order (most to least severe) and words for each outcome.
OUTCOME_LABELS = {
    "custodial": "prison",
    "in_absentia": "sentenced in absentia",
    "house_arrest": "house arrest",
    "restriction_of_liberty": "restriction of liberty",
    "suspended": "suspended sentence",
    "fine": "fine",
    "administrative_detention": "administrative detention",
    "amnesty": "amnestied",
    "acquitted": "acquitted",
    "charges_dropped": "charges dropped",
    "witness": "moved to witness",
    "pending": "pending",
    "released": "released",
}
# A named person's later status outside the courts (statuses.csv), as a table cell words it.
STATUS_LABELS = {
    "died": "died",
    "emigrated": "emigrated",
    "in_exile": "in exile",
    "granted_asylum": "granted asylum or refugee status abroad",
    "asylum_revoked": "grant of asylum or refugee status abroad overturned",
    "other": "other later status (see the data annex)",
}
# The same outcomes in a sentence that counts people: "13 sent to prison, 3 acquitted".
OUTCOME_PHRASES = {
    "custodial": "sent to prison",
    # Sentenced while abroad: a sentence on paper, never counted or worded as imprisonment.
    "in_absentia": "sentenced in absentia",
    "house_arrest": "put under house arrest",
    "restriction_of_liberty": "given restriction of liberty",
    "suspended": "given a suspended sentence",
    "fine": "fined",
    "administrative_detention": "given administrative detention",
    "amnesty": "amnestied",
    "acquitted": "acquitted",
    "charges_dropped": "whose charges were dropped",
    "witness": "moved from defendant to witness",
    "pending": "still awaiting a verdict",
    "released": "released",
    "conflicting": "with outcomes the documents disagree on",
}
# Outcomes that impose no term; a term with them would be counted as time imposed.
NO_TERM_OUTCOMES = ("acquitted", "charges_dropped", "witness", "pending")
# First-instance rows that record a change before trial, not a decision a higher court reviews.
PRE_TRIAL_OUTCOMES = ("witness", "charges_dropped", "pending")
PLEA_LABELS = {"guilty": "pleaded guilty", "partial": "pleaded partly guilty", "not_guilty": "pleaded not guilty"}

# Who answered a torture allegation, and how.
RESPONSE_BODIES = {
    "court": "the court",
    "prosecutor": "the prosecutor's office",
    "investigator": "the investigators",
    "other": "another body",
}
RESPONSE_VERBS = {
    "refused_to_open_case": "refused to open a case",
    "ignored": "ignored the statements",
    "no_confirmation_found": "found no confirmation",
    "investigated": "investigated",
}

# --- sources ------------------------------------------------------------------------------------

SOURCE_TYPE_LABELS = {
    "ngo": "Non-governmental organisation",
    "media": "News media",
    "official": "State body (an interested party)",
    "intergovernmental": "Intergovernmental organisation",
    "index": "Published index",
}
