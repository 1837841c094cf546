"""Shared fixtures: the test data directory and the CDNOW log as a DataFrame.

The suite needs numpy, pandas and a libretention 1.x (RETENTION_LIBRARY or
the system's); meson runs it against the build tree. Nothing is written to
the source tree (run with PYTHONDONTWRITEBYTECODE=1 -p no:cacheprovider).
"""
from __future__ import annotations

import os
import pathlib

import pandas as pd
import pytest

HERE = pathlib.Path(__file__).resolve().parent
DATA = pathlib.Path(os.environ.get("RT_TEST_DATA", HERE.parent.parent / "tests" / "data"))


@pytest.fixture(scope="session")
def data_dir() -> pathlib.Path:
    return DATA


@pytest.fixture(scope="session")
def cdnow_log() -> pd.DataFrame:
    """cdnow_elog.csv with a datetime64 ``time`` column (midnight of ``date``)."""
    log = pd.read_csv(DATA / "cdnow_elog.csv")
    log["time"] = pd.to_datetime(log["date"].astype(str), format="%Y%m%d")
    return log
