"""The CDNOW walk-through (examples/cdnow_clv.py) runs and prints the
published fits and a table ranked by value."""
import io
import os
import pathlib
import subprocess
import sys

import pandas as pd

PACKAGE = pathlib.Path(__file__).resolve().parent.parent


def test_cdnow_example(data_dir):
    env = dict(os.environ, PYTHONPATH=str(PACKAGE), PYTHONDONTWRITEBYTECODE="1")
    done = subprocess.run([sys.executable, str(PACKAGE / "examples" / "cdnow_clv.py"),
                           str(data_dir / "cdnow_elog.csv")], capture_output=True, text=True,
                          env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("BG/NBD r 0.243 alpha 4.414 a 0.793 b 2.426 (LL -9582.4); "
                               "Gamma-Gamma p 6.25 q 3.74 gamma 15.44")
    table = pd.read_csv(io.StringIO("\n".join(lines[1:-1])), index_col=0)
    assert len(table) == 10
    value = table["value_at_30pct_margin"]
    assert value.is_monotonic_decreasing
    # Undiscounted: margin x expected spend x expected purchases, row by row.
    recomputed = 0.3 * table["expected_spend"] * table["expected_purchases_39w"]
    assert ((recomputed - value).abs() < 0.01 * value).all()
    assert lines[-1].startswith("expected value of the whole base over 39 weeks: ")
    total = float(lines[-1].rsplit(" ", 1)[1])
    assert total > value.sum()
