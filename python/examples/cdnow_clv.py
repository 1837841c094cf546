"""The CDNOW customer-lifetime-value table with the retention package.

BG/NBD and Gamma-Gamma fitted on the 39-week calibration period
(1997-01-01 .. 1997-09-30), then for each customer P(alive), the expected
purchases in the 39 holdout weeks, the expected spend per purchase and
their value at a 30 % margin (undiscounted): the 10 most valuable first.

usage: python3 cdnow_clv.py [path/to/cdnow_elog.csv]
"""
import pathlib
import sys

import pandas as pd

import retention

DEFAULT = pathlib.Path(__file__).resolve().parents[2] / "tests" / "data" / "cdnow_elog.csv"


def main(path: pathlib.Path) -> None:
    log = pd.read_csv(path)
    log["time"] = pd.to_datetime(log["date"].astype(str), format="%Y%m%d")
    with retention.Cohort() as cohort:
        cohort.add_purchases(log["sampleid"], log["time"], log["sales"])
        summary = cohort.rfm_summary("1997-09-30")          # weeks
    bgnbd = retention.fit_bgnbd(summary)
    spend = retention.fit_gamma_gamma(summary)
    print("BG/NBD " + " ".join(f"{k} {v:.3f}" for k, v in bgnbd.params.items())
          + f" (LL {bgnbd.log_likelihood:.1f}); Gamma-Gamma "
          + " ".join(f"{k} {v:.2f}" for k, v in spend.params.items()))
    table = pd.DataFrame({
        "x": summary["frequency"],
        "p_alive": bgnbd.p_alive(summary),
        "expected_purchases_39w": bgnbd.conditional_expected_purchases(39.0, summary),
        "expected_spend": spend.expected_spend(summary),
        "value_at_30pct_margin": retention.customer_value(bgnbd, spend, summary,
                                                          margin=0.30, horizon=39.0),
    })
    top, total = retention.rank(table["value_at_30pct_margin"], 10)
    print(table.iloc[top].to_csv(float_format="%.3f"), end="")
    print(f"expected value of the whole base over 39 weeks: {total:.2f}")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
