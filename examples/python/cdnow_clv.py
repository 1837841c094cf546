"""The CDNOW customer-lifetime-value table: BG/NBD and Gamma-Gamma fitted on
the 39-week calibration period, then for each customer P(alive), the
expected purchases in the 39 holdout weeks, the expected spend per purchase
and their value at a 30 % margin (undiscounted), the 10 most valuable first.
usage: python3 cdnow_clv.py [path/to/cdnow_elog.csv]"""
import csv
import os
import sys

import retention

DAY = 86400
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "tests", "data", "cdnow_elog.csv")
c = retention.Cohort()
ids, times, amounts = [], [], []
with open(path) as f:
    for row in csv.DictReader(f):
        d = row["date"]
        ids.append(int(row["sampleid"]))
        times.append(retention.day(int(d[:4]), int(d[4:6]), int(d[6:])) * DAY)
        amounts.append(float(row["sales"]))
c.add_purchases(ids, times, amounts)
cal_end = retention.day(1997, 9, 30)
rows = c.rfm(cal_end)
bgnbd, _ = c.fit_bgnbd(cal_end)
repeat = [r for r in rows if r[1] > 0]
gg, _ = retention.fit_gamma_gamma([r[1] for r in repeat], [r[4] for r in repeat])
print("BG/NBD r %.3f alpha %.3f a %.3f b %.3f; Gamma-Gamma p %.2f q %.2f gamma %.2f"
      % (bgnbd + gg))
table = []
for cid, x, t_x, T, spend, _ in rows:
    alive = retention.p_alive(bgnbd, x, t_x, T)
    purchases = retention.expected_purchases(bgnbd, x, t_x, T, 39.0)
    per_purchase = retention.expected_spend(gg, x, spend) if x > 0 else gg[2] * gg[0] / (gg[1] - 1)
    value = retention.clv_value(bgnbd, gg, x, t_x, T, spend, margin=0.30, horizon=39.0)
    table.append((value, cid, x, alive, purchases, per_purchase))
top, total = retention.rank([t[0] for t in table], 10)
print("customer,x,p_alive,expected_purchases_39w,expected_spend,value_at_30pct_margin")
for i in top:
    value, cid, x, alive, purchases, per_purchase = table[i]
    print("%d,%d,%.3f,%.2f,%.2f,%.2f" % (cid, x, alive, purchases, per_purchase, value))
print("expected value of the whole base over 39 weeks: %.2f" % total)
