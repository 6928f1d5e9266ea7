"""Each chapter's facts: `compute(tables, params)`, pure, no English and no HTML."""

from .. import config

# The period's first year when neither the notebook nor briefing.yml sets one: every dated row.
EARLIEST_YEAR = 1900

# The notebooks' parameters a chapter's compute reads (the parameters cell declares them; build.py
# and papermill set them).
PARAMETERS = (
    "data_dir",
    "start_year",
    "end_year",
    "events",
    "include_group_rows",
    "include_undated",
    "term_unit",
    "metrics",
    "claimant_types",
    "focus_country",
    "peers",
    "raw_rsf_dir",
    "reference_edition",
    "reference_countries",
    "max_asks",
    "n_profiles",
)


def parameters(namespace: dict) -> dict:
    """The parameters among a notebook's variables (`chapters.parameters(globals())`). A
    start_year left unset (None) is the briefing's own first_year, so a data folder's
    briefing.yml decides the period and no notebook default overrides it."""
    found = {name: namespace[name] for name in PARAMETERS if name in namespace}
    if found.get("start_year") is None and "data_dir" in found:
        found["start_year"] = config.load(found["data_dir"]).first_year or EARLIEST_YEAR
    return found
