#!/usr/bin/python3
"""Writes sample.csv, the bundled example event log: 3,000 customers of a
made-up subscription app over 2025, in four plans (segments), joining every
day, each with a habit (daily, weekly, monthly or rare), a heavy-tailed
lifetime and occasional purchases: priced by plan, each customer spending
more or less than the price on average and each purchase varying around
that (the Gamma-Gamma story, so that the report's spend model has
something to fit). Deterministic: run it again to check the
committed file (python3 make_sample.py && git diff --stat)."""
import datetime
import os
import random

rng = random.Random(2025)
START = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
DAYS = 365
HABITS = [("daily", 0.8), ("weekly", 0.15), ("monthly", 0.035), ("rare", 0.012)]
PLANS = [("free", 0.5), ("basic", 0.3), ("pro", 0.15), ("team", 0.05)]

rows = []
for customer in range(1, 3001):
    plan = rng.choices([p for p, _ in PLANS], [w for _, w in PLANS])[0]
    # Free users drift into rare use more often: the free plan lives mostly
    # in the forgettable zone, which the report flags.
    weights = [0.05, 0.15, 0.2, 0.6] if plan == "free" else [0.15, 0.35, 0.3, 0.2]
    habit, p_visit = rng.choices(HABITS, weights)[0]
    join = rng.randrange(DAYS)
    life = int(20 / (1 - rng.random()) ** (1 / 1.3))  # Pareto lifetime, 20 days minimum
    price = {"free": 0, "basic": 9, "pro": 29, "team": 99}[plan]
    spend = price * rng.gammavariate(4.0, 0.25)  # the customer's mean: price x (mean 1)
    for day in range(join, min(DAYS, join + life)):
        if day != join and rng.random() >= p_visit:
            continue
        for _ in range(1 + int(rng.expovariate(1.0))):
            t = START + datetime.timedelta(days=day, seconds=rng.randrange(86400))
            amount = ""
            if spend and rng.random() < 0.05:
                amount = "%.2f" % (spend * rng.gammavariate(6.0, 1 / 6.0))
            rows.append((t, customer, amount, plan))
rows.sort()
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sample.csv"), "w") as f:
    f.write("customer_id,timestamp,amount,segment\n")
    for t, customer, amount, plan in rows:
        f.write("%d,%s,%s,%s\n" % (customer, t.strftime("%Y-%m-%dT%H:%M:%SZ"), amount, plan))
