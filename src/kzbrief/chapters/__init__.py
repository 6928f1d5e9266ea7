"""Each chapter's facts: `compute(tables, params)`, pure, no English and no HTML."""

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
    """The parameters among a notebook's variables (`chapters.parameters(globals())`)."""
    return {name: namespace[name] for name in PARAMETERS if name in namespace}
