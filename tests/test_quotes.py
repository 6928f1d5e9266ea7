"""Verbatim quotes in data/ are verbatim: each is found in the source document it cites.

Reads the source documents' plain-text extractions beside the project (../shared/seeds); a
user's clone has none, and the test then skips.
"""

import re

import pandas as pd
import pytest

from conftest import DATA, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
# source_id -> the extraction's file name prefix (../shared/seeds/README.md lists them).
SEED_FILES = {
    "odf-2012-booklet": "000_",
    "odf-2014-upr": "001_",
    "odf-2015-zhanaozen-anniversary": "002_",
    "iwpr-2012-kozlov-verdict": "003_",
    "odf-2016-land-protests": "004_",
}


def normalised(text: str) -> str:
    """Line breaks, hyphenation at line ends and quote styles differ between extraction and data."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip("the source documents (../shared/seeds) are not beside this clone")
    texts = {}
    for source_id, prefix in SEED_FILES.items():
        found = sorted(SEEDS.glob(f"{prefix}*.txt"))
        if found:
            texts[source_id] = normalised(found[0].read_text(encoding="utf-8"))
    return texts


def test_every_recommendation_is_quoted_verbatim_from_its_document(seeds):
    rows = pd.read_csv(DATA / "recommendations.csv", dtype=str, keep_default_na=False)
    assert len(rows) >= 5
    for row in rows.itertuples():
        text = seeds[row.source_id]
        for part in normalised(row.quote).split(" … "):
            assert part.strip(" .") in text, (row.recommendation_id, part)
