"""The selection a notebook's parameters describe, made once for every chapter that reads it:
the sentencing rows (period, events, group and undated rows) and the casualty and detention
claims (events, metrics, claimant types)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..analysis import casualties, sentencing


def cases(tables: Mapping[str, pd.DataFrame], params: Mapping) -> sentencing.Selection:
    return sentencing.prepare(
        tables,
        event_ids=list(params.get("events") or []),
        start_year=params["start_year"],
        end_year=params.get("end_year"),
        include_group_rows=params.get("include_group_rows", True),
        include_undated=params.get("include_undated", True),
    )


def claims(tables: Mapping[str, pd.DataFrame], params: Mapping) -> pd.DataFrame:
    return casualties.select_claims(
        tables["casualty_estimates"],
        tables["events"],
        event_ids=list(params.get("events") or []),
        metrics=list(params.get("metrics") or []),
        claimant_types=list(params.get("claimant_types") or []),
    )
