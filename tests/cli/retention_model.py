"""A plain-Python re-computation of what `retention` prints, from the
definitions documented in include/retention/*.h, written without looking at
the C implementation: the independent side of the golden-file tests
(make_golden.py writes the files, check_golden.py compares the command with
them) and of check_cli.py.

Every report is a list of column names and a list of rows; a cell is a str
(text), an int (whole number), Real(value, decimals) or None (unknown:
a censored cell, a rate with nothing to divide by). to_csv, to_json and
to_text print them as the command's --format csv, json and text are
documented to: a Real exactly (round_trip_text) in csv and json, with its
decimals in text and in the report's tables.

Only what the command uses is modelled: UTC days (--utc-offset 0), the
library's default thresholds, no subscriptions or late payments."""
import csv
import datetime
import io
import json
import math
import re
import statistics
from collections import namedtuple

Real = namedtuple("Real", "value decimals")
EPOCH = datetime.date(1970, 1, 1)

# The library's defaults (cohort.h, frequency.h, risk.h).
WAU_DAYS, MAU_DAYS, INACTIVITY_DAYS = 7, 30, 30
LOOKBACK_DAYS, NEW_DAYS, DORMANT_DAYS = 90, 14, 90
DAILY_MAX, WEEKLY_MAX, MONTHLY_MAX, FORGETTABLE_SHARE = 1.5, 8.0, 31.0, 0.5
LOST_DAYS, SILENT_DAYS, WINDOW_DAYS, USAGE_DROP = 90, 14, 28, 0.5
BUCKETS = ["new", "daily", "weekly", "monthly", "forgettable", "dormant"]
# The 95 % two-sided normal quantile (1.95996...), not 1.96: the bounds are
# compared to 1e-12, not at 4 decimals where 1.96 passed for it.
Z95 = statistics.NormalDist().inv_cdf(0.975)


# --- Reading the log -------------------------------------------------------

TIMESTAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})"
                       r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d*)?)?)?"
                       r"(Z|[+-]\d{2}(?::?\d{2})?)?$")


def unix_seconds(text):
    """Unix seconds, an ISO 8601 date-time (offset Z, +HH:MM, +HHMM, +HH or
    none: UTC) or a date."""
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    m = TIMESTAMP.match(text)
    if not m:
        raise ValueError("bad timestamp " + text)
    y, mo, d, hh, mm, ss, zone = m.groups()
    day = (datetime.date(int(y), int(mo), int(d)) - EPOCH).days
    seconds = day * 86400 + int(hh or 0) * 3600 + int(mm or 0) * 60 + int(ss or 0)
    if zone and zone != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        seconds -= sign * (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60)
    return seconds


class Log:
    """Customers' active days (purchases are activity too), purchase amounts
    per day, segments, in the order customers first appear."""

    def __init__(self, path, id_column="customer_id", time_column="timestamp",
                 amount_column="amount", segment_column="segment"):
        self.active = {}         # id -> set of days
        self.purchases = {}      # id -> {day: summed amount}
        self.buyers = []         # ids in the order of their first purchase
        self.segment = {}        # id -> segment number (1 ..), the last one given
        self.segment_names = []  # in the order they first appear
        self.rows = self.purchase_rows = 0
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                self._add(row, id_column, time_column, amount_column, segment_column)
        days = [d for ds in self.active.values() for d in ds]
        self.first_day, self.last_day = min(days), max(days)

    def _add(self, row, id_column, time_column, amount_column, segment_column):
        who = row[id_column].strip(" \t")  # any text, as the log wrote it
        day = unix_seconds(row[time_column]) // 86400
        self.rows += 1
        self.active.setdefault(who, set()).add(day)
        amount = row.get(amount_column, "")
        if amount:
            self.purchase_rows += 1
            if who not in self.purchases:
                self.purchases[who] = {}
                self.buyers.append(who)
            self.purchases[who][day] = self.purchases[who].get(day, 0.0) + float(amount)
        name = row.get(segment_column, "")
        if name:
            if name not in self.segment_names:
                self.segment_names.append(name)
            self.segment[who] = self.segment_names.index(name) + 1


# --- Calendar --------------------------------------------------------------

def date_text(day):
    return (EPOCH + datetime.timedelta(days=day)).isoformat()


def period_start(day, period):
    date = EPOCH + datetime.timedelta(days=day)
    if period == "day":
        return day
    if period == "week":  # ISO weeks: Monday
        return day - date.weekday()
    return (date.replace(day=1) - EPOCH).days


def next_period(start, period):
    if period == "day":
        return start + 1
    if period == "week":
        return start + 7
    date = EPOCH + datetime.timedelta(days=start)
    following = date.replace(year=date.year + date.month // 12, month=date.month % 12 + 1)
    return (following - EPOCH).days


def periods(log, period):
    """Start days of the periods holding a day of the log's range."""
    starts, s = [], period_start(log.first_day, period)
    while s <= log.last_day:
        starts.append(s)
        s = next_period(s, period)
    return starts


def share(part, whole):
    """None when there is nothing to divide by: undefined, not 0."""
    return Real(part / whole, 4) if whole else None


def active_in(days, start, end):
    """Some day in [start, end]."""
    return any(start <= d <= end for d in days)


# --- The reports -----------------------------------------------------------

def activity(log):
    by_day = {}
    for who, days in log.active.items():
        for d in days:
            by_day.setdefault(d, set()).add(who)
    rows = []
    for d in range(log.first_day, log.last_day + 1):
        def window(width):
            seen = set()
            for e in range(d - width + 1, d + 1):
                seen |= by_day.get(e, set())
            return len(seen)
        dau, wau, mau = len(by_day.get(d, ())), window(WAU_DAYS), window(MAU_DAYS)
        rows.append([date_text(d), dau, wau, mau, share(dau, mau)])
    return ["day", "dau", "wau", "mau", "stickiness"], rows


def cohorts(log, period, kind):
    starts = periods(log, period)
    rows = []
    for c, s in enumerate(starts):
        members = [w for w, days in log.active.items() if period_start(min(days), period) == s]
        if not members:
            continue  # an empty cohort prints no row
        for k in range(len(starts)):
            cell = starts[c + k] if c + k < len(starts) else None
            end = next_period(cell, period) - 1 if cell is not None else None
            if cell is None or end > log.last_day:
                rows.append([date_text(s), k, len(members), None, None])
                continue
            last = end if kind == "exact" else log.last_day
            hit = sum(active_in(log.active[w], cell, last) for w in members)
            rows.append([date_text(s), k, len(members), hit, share(hit, len(members))])
    return ["cohort", "offset", "size", "active", "rate"], rows


def lifetimes(log):
    """(length in days, ended) per customer: ended on the last active day if
    silent for more than the inactivity threshold at the end, else censored."""
    out = []
    for days in log.active.values():
        first, last = min(days), max(days)
        ended = log.last_day - last > INACTIVITY_DAYS
        out.append((last - first if ended else log.last_day - first, ended))
    return out


def survival(log):
    """Kaplan-Meier with Greenwood's variance on the log-log scale."""
    spans = lifetimes(log)
    rows, s, greenwood = [], 1.0, 0.0
    for t in range(max(length for length, _ in spans) + 1):
        n = sum(length >= t for length, _ in spans)
        d = sum(length == t and ended for length, ended in spans)
        s *= 1 - d / n
        if d and n > d:
            greenwood += d / (n * (n - d))
        if s in (0.0, 1.0):
            lower = upper = s
        else:
            sigma = math.sqrt(greenwood / math.log(s) ** 2)
            lower, upper = s ** math.exp(Z95 * sigma), s ** math.exp(-Z95 * sigma)
        rows.append([t, n, d, Real(s, 4), Real(lower, 4), Real(upper, 4)])
    return ["day", "at_risk", "ended", "survival", "lower", "upper"], rows


def lifecycle(log, period):
    starts = periods(log, period)
    ends = [next_period(s, period) - 1 for s in starts]
    rows = []
    for p, s in enumerate(starts):
        counts = [0, 0, 0, 0]  # new, returning, resurrecting, dormant
        for days in log.active.values():
            now = active_in(days, s, ends[p])
            before = p > 0 and active_in(days, starts[p - 1], ends[p - 1])
            earlier = any(d < (starts[p - 1] if p > 0 else s) for d in days)
            if now and period_start(min(days), period) == s:
                counts[0] += 1
            elif now and before:
                counts[1] += 1
            elif now and earlier:
                counts[2] += 1
            elif before and not now:
                counts[3] += 1
        rows.append([date_text(s)] + counts)
    return ["period", "new", "returning", "resurrecting", "dormant"], rows


def is_customer(days, first, day):
    return first <= day and active_in(days, day - INACTIVITY_DAYS + 1, day)


def churn_window(log, start, end):
    """The counts of churn.h over [start, end] and the three rates (None when
    undefined)."""
    retained = lost = acquired = joined_and_left = resurrected = 0
    for days in log.active.values():
        first = min(days)
        at_start, at_end = is_customer(days, first, start), is_customer(days, first, end)
        if at_start:
            retained += at_end
            lost += not at_end
        elif start <= first <= end:
            acquired += at_end
            joined_and_left += not at_end
        elif first < start and at_end:
            resurrected += 1
    base = [w for w, bought in log.purchases.items() if min(bought) < start]
    again = sum(active_in(log.purchases[w], start, end) for w in base)
    at_start_count = retained + lost
    rates = ([lost / at_start_count, retained / at_start_count] if at_start_count
             else [None, None]) + [again / len(base) if base else None]
    return [at_start_count, retained + acquired + resurrected, retained, lost, acquired,
            joined_and_left, resurrected], rates


def month_bounds(year, month):
    first = datetime.date(year, month, 1)
    following = first.replace(year=year + month // 12, month=month % 12 + 1)
    return (first - EPOCH).days, (following - EPOCH).days - 1


def churn(log):
    """Month by month; a last month the log ends inside is partial (1) and
    judged at the log's last day, not at the month's end."""
    first = EPOCH + datetime.timedelta(days=log.first_day)
    rows, year, month = [], first.year, first.month
    while month_bounds(year, month)[0] <= log.last_day:
        start, end = month_bounds(year, month)
        partial = int(end > log.last_day)
        counts, rates = churn_window(log, start, min(end, log.last_day))
        rows.append(["%04d-%02d" % (year, month)] + counts +
                    [None if r is None else Real(r, 4) for r in rates] + [partial])
        year, month = year + month // 12, month % 12 + 1
    return ["month", "at_start", "at_end", "retained", "lost", "acquired", "joined_and_left",
            "resurrected", "churn_rate", "retention_rate", "repeat_rate", "partial"], rows


def bucket(days, as_of):
    """The frequency bucket at as_of, or None if not yet a customer."""
    seen = [d for d in days if d <= as_of]
    if not seen:
        return None
    first = min(seen)
    if not any(d > as_of - DORMANT_DAYS for d in seen):
        return "dormant"
    if as_of - first < NEW_DAYS:
        return "new"
    lookback = min(LOOKBACK_DAYS, as_of - first + 1)
    visits = sum(d > as_of - lookback for d in seen)
    interval = lookback / visits if visits else math.inf
    for name, limit in (("daily", DAILY_MAX), ("weekly", WEEKLY_MAX), ("monthly", MONTHLY_MAX)):
        if interval <= limit:
            return name
    return "forgettable"


def frequency(log, as_of):
    counts = {}  # segment -> {bucket: customers}
    for who, days in log.active.items():
        b = bucket(days, as_of)
        if b is not None:
            seg = counts.setdefault(log.segment.get(who, 0), dict.fromkeys(BUCKETS, 0))
            seg[b] += 1
    rows = []
    for seg in range(len(log.segment_names) + 1):
        if seg not in counts:
            continue
        judged = sum(counts[seg][b] for b in BUCKETS[1:5])
        flagged = judged > 0 and counts[seg]["forgettable"] / judged > FORGETTABLE_SHARE
        name = log.segment_names[seg - 1] if seg else ""
        rows += [[name, b, counts[seg][b], "yes" if flagged else "no"] for b in BUCKETS]
    return ["segment", "bucket", "customers", "mostly_forgettable"], rows


def risk_reasons(days, as_of):
    """(silent, usage fell, late payment, forgettable), or None if not a
    candidate (not yet a customer, or silent LOST_DAYS and gone)."""
    seen = [d for d in days if d <= as_of]
    if not seen or not any(d > as_of - LOST_DAYS for d in seen):
        return None
    recent = sum(d > as_of - WINDOW_DAYS for d in seen)
    before = sum(as_of - 2 * WINDOW_DAYS < d <= as_of - WINDOW_DAYS for d in seen)
    return (int(not any(d > as_of - SILENT_DAYS for d in seen)),
            int(before > 0 and recent < USAGE_DROP * before), 0,
            int(bucket(days, as_of) == "forgettable"))


def tie_order(who, first_seen):
    """Where customers tie, plain numbers (digits, no leading zero, below
    2^63: their own library id) come first, smaller first; other ids after
    them in the order they first appear."""
    plain = who.isdigit() and who.isascii() and (who == "0" or who[0] != "0") and \
        len(who) <= 19 and int(who) < 2 ** 63
    return (0, int(who)) if plain else (1, first_seen)


def at_risk_found(log, as_of, value):
    """Every customer at risk as (value, who, reasons), by value, ties in
    tie_order."""
    found = []
    for first_seen, (who, days) in enumerate(log.active.items()):  # dicts keep log order
        why = risk_reasons(days, as_of)
        if why and any(why):
            if value == "spend":
                worth = sum(a for d, a in log.purchases.get(who, {}).items() if d <= as_of)
            else:
                worth = sum(d <= as_of for d in days)
            found.append((-worth, tie_order(who, first_seen), who, why))
    found.sort()
    return [(-worth, who, why) for worth, _, who, why in found]


def alive_at(log, as_of):
    """P(alive) of each buyer in the BG/NBD fitted on the purchases up to
    as_of (the model of `clv`), by id; none without purchases."""
    if not log.purchases:
        return {}
    summaries = rfm(log, as_of)
    bg, _ = fitted(log, as_of, summaries)
    return {who: p_alive(bg, x, t_x, T) for who, x, t_x, T, _ in summaries}


def campaign(log, as_of, value=None, save_rate=0.2, incentive=None):
    """The customers at risk as a retention campaign (economics.h): each
    one's value v (spend or active days; days are no money), P(alive), the
    break-even incentive p v and the expected worth p v - k of an offer
    costing k, in the order to call them (worth, highest first; ties in
    the order found); the totals over those worth an offer (p v - k > 0)."""
    value = value or ("spend" if log.purchase_rows else "days")
    found = at_risk_found(log, as_of, value)
    alive = alive_at(log, as_of)
    k = incentive or 0.0
    rows = []
    for rank, (v, who, why) in enumerate(found):
        money = value != "days"
        rows.append(dict(who=who, value=v, why=why, p_alive=alive.get(who),
                         break_even=save_rate * v if money else None,
                         worth=save_rate * v - k if money else None, rank=rank))
    if value != "days":
        rows.sort(key=lambda r: (-r["worth"], r["rank"]))
    offered = [r for r in rows if r["worth"] is not None and r["worth"] > 0]
    saved = sum(save_rate * r["value"] for r in offered)
    totals = dict(customers=len(rows), worth_offering=len(offered), saved=saved,
                  cost=k * len(offered), profit=saved - k * len(offered))
    return value, rows, totals


def at_risk(log, as_of, top, value=None, save_rate=0.2, incentive=None):
    """The table of `at-risk`: ranked by value, "spend" (the purchases up
    to as_of, summed; the default when the log has purchases) or "days"
    (active days up to as_of, the default without), then by the expected
    worth of the offer; also the number of all customers at risk and the
    campaign's totals."""
    value, found, totals = campaign(log, as_of, value, save_rate, incentive)
    rows = []
    for r in found[:top]:
        row = [r["who"], Real(r["value"], 2), *r["why"],
               Real(r["p_alive"] if r["p_alive"] is not None else math.nan, 4),
               Real(r["break_even"] if r["break_even"] is not None else math.nan, 2)]
        if incentive is not None:
            row.append(Real(r["worth"] if r["worth"] is not None else math.nan, 2))
        rows.append(row)
    columns = ["customer_id", "value_" + value, "silent", "usage_fell", "late_payment",
               "forgettable", "p_alive", "break_even_incentive"]
    if incentive is not None:
        columns.append("expected_profit")
    return columns, rows, len(found), totals


REASON_WORDS = ("silent %d+ days" % SILENT_DAYS, "usage fell", "paid late",
                "comes less than monthly")


def at_risk_actions(log, as_of, top):
    """The report's action list (default save rate, no incentive): the
    customer, the reasons in words, the value, P(alive) with 2 decimals and,
    when the value is money, the break-even incentive."""
    value, found, _ = campaign(log, as_of)
    money = value != "days"
    rows = []
    for r in found[:top]:
        words = ", ".join(w for w, flag in zip(REASON_WORDS, r["why"]) if flag)
        row = [r["who"], words, Real(r["value"], 2 if money else 0),
               Real(r["p_alive"] if r["p_alive"] is not None else math.nan, 2)]
        if money:
            row.append(Real(r["break_even"], 2))
        rows.append(row)
    heading = {"spend": "Spend", "clv": "Lifetime value", "days": "Active days"}[value]
    columns = ["Customer", "Why at risk", heading, "P(alive)"]
    return columns + (["Break-even incentive"] if money else []), rows


def summary(log, as_of):
    columns, daily = activity(log)
    last = daily[-1]
    rows = [["customers", len(log.active)], ["events", log.rows],
            ["purchases", log.purchase_rows], ["first_day", date_text(log.first_day)],
            ["last_day", date_text(log.last_day)], ["dau", last[1]], ["mau", last[3]]]
    if last[4] is not None:  # undefined rows are left out
        rows.append(["stickiness", last[4]])
    end = EPOCH + datetime.timedelta(days=log.last_day)
    year, month = (end.year, end.month - 1) if end.month > 1 else (end.year - 1, 12)
    start, stop = month_bounds(year, month)
    if start >= log.first_day:
        rows.append(["churn_month", "%04d-%02d" % (year, month)])
        _, rates = churn_window(log, start, stop)
        if rates[0] is not None:
            rows += [["churn_rate", Real(rates[0], 4)], ["retention_rate", Real(rates[1], 4)]]
    buckets = [bucket(days, as_of) for days in log.active.values()]
    judged = sum(b in BUCKETS[1:5] for b in buckets)
    if judged:
        rows.append(["forgettable_share", share(buckets.count("forgettable"), judged)])
    rows.append(["at_risk", len(at_risk_found(log, as_of, "days"))])
    return ["name", "value"], rows


def count_text(n):
    return "{:,}".format(n)


def percent_text(part, whole):
    return "%.1f %%" % (100.0 * (part / whole if whole else 0.0))


def key_figures(log, as_of):
    """The report's key figures: what summary says, for people (a label,
    the value with thousands separators or as a percentage with one
    decimal, a definition naming the period)."""
    _, daily = activity(log)
    last = daily[-1]
    a, b, today = date_text(log.first_day), date_text(log.last_day), date_text(as_of)
    rows = [["Customers", count_text(len(log.active)), "Distinct customers in the log, %s to "
             "%s (%d days)." % (a, b, log.last_day - log.first_day + 1)],
            ["Events", count_text(log.rows), "Rows of the log: activity and purchases."],
            ["Purchases", count_text(log.purchase_rows), "Rows with an amount."],
            ["Daily active customers (DAU)", count_text(last[1]),
             "Customers active on %s, the last day." % b],
            ["Monthly active customers (MAU)", count_text(last[3]),
             "Customers active in the 30 days up to %s." % b],
            ["Stickiness (DAU / MAU)", percent_text(last[1], last[3]),
             "The share of the month's customers who came on the last day, %s." % b]]
    end = EPOCH + datetime.timedelta(days=log.last_day)
    year, month = (end.year, end.month - 1) if end.month > 1 else (end.year - 1, 12)
    start, stop = month_bounds(year, month)
    if start >= log.first_day:
        counts, _ = churn_window(log, start, stop)
        at_start, retained, lost = counts[0], counts[2], counts[3]
        name = "%04d-%02d" % (year, month)
        if at_start:
            rows.append(["Customer retention rate (CRR), " + name,
                         percent_text(retained, at_start),
                         "(E \u2212 N \u2212 R) / S = %s / %s: customers at the month's end (E) "
                         "less the new (N) and returning (R) ones, over those at its start (S); "
                         "a customer is active in the last 30 days."
                         % (count_text(retained), count_text(at_start))])
            rows.append(["Churn rate, " + name, percent_text(lost, at_start),
                         "Lost / S = %s / %s: customers at the start of the month who were no "
                         "longer customers at its end." % (count_text(lost), count_text(at_start))])
    buckets = [bucket(days, as_of) for days in log.active.values()]
    judged = sum(b in BUCKETS[1:5] for b in buckets)
    if judged:
        rows.append(["Forgettable share", percent_text(buckets.count("forgettable"), judged),
                     "Of the %s customers judged on %s (neither new, first seen less than 14 "
                     "days before, nor dormant, silent for 90 days), those who come less than "
                     "once a month." % (count_text(judged), today)])
    rows.append(["Customers at risk", count_text(len(at_risk_found(log, as_of, "days"))),
                 "Flagged on %s: silent for 14 days, usage fallen by half, a late payment, or "
                 "forgettable (the list below)." % today])
    return ["Figure", "Value", "Definition"], rows


# --- Lifetime value: BG/NBD and Gamma-Gamma --------------------------------

def rfm(log, calibration_end, unit_days=7.0):
    """(id, x, t_x, T, mean repeat spend) per customer who bought before the
    end: one whose first purchase is on the end day has T = 0, no history,
    and is left out (as the command asks of the library)."""
    out = []
    for who in log.buyers:
        days = sorted(d for d in log.purchases[who] if d <= calibration_end)
        if not days or days[0] == calibration_end:
            continue
        x = len(days) - 1
        spend = sum(log.purchases[who][d] for d in days[1:]) / x if x else 0.0
        out.append((who, x, (days[-1] - days[0]) / unit_days,
                    (calibration_end - days[0]) / unit_days, spend))
    return out


def bgnbd_log_likelihood(params, customers):
    r, alpha, a, b = params
    total = 0.0
    for x, t_x, T, n in customers:
        a1 = math.lgamma(r + x) - math.lgamma(r) + r * math.log(alpha)
        a2 = (math.lgamma(a + b) + math.lgamma(b + x) - math.lgamma(b)
              - math.lgamma(a + b + x))
        a3 = -(r + x) * math.log(alpha + T)
        term = math.exp(a3)
        if x > 0:
            term += math.exp(math.log(a) - math.log(b + x - 1) - (r + x) * math.log(alpha + t_x))
        total += n * (a1 + a2 + math.log(term))
    return total


def gamma_gamma_log_likelihood(params, customers):
    p, q, gamma = params
    total = 0.0
    for x, m, n in customers:
        total += n * (math.lgamma(p * x + q) - math.lgamma(p * x) - math.lgamma(q)
                      + q * math.log(gamma) + (p * x - 1) * math.log(m)
                      + p * x * math.log(x) - (p * x + q) * math.log(gamma + m * x))
    return total


def nelder_mead(f, start, step=0.5, tolerance=1e-12, max_rounds=20000):
    """Minimises f from start (a plain Nelder-Mead, restarted once at its
    result so that a collapsed simplex does not stop it early)."""
    best = list(start)
    for _ in range(2):
        simplex = [best] + [[v + (step if i == j else 0.0) for j, v in enumerate(best)]
                            for i in range(len(best))]
        values = [f(p) for p in simplex]
        for _ in range(max_rounds):
            order = sorted(range(len(simplex)), key=values.__getitem__)
            simplex, values = [simplex[i] for i in order], [values[i] for i in order]
            if abs(values[-1] - values[0]) <= tolerance * (abs(values[0]) + 1e-300):
                break
            centre = [sum(p[j] for p in simplex[:-1]) / (len(simplex) - 1)
                      for j in range(len(best))]

            def towards(factor):
                return [c + factor * (w - c) for c, w in zip(centre, simplex[-1])]
            reflected = towards(-1.0)
            fr = f(reflected)
            if fr < values[0]:
                expanded = towards(-2.0)
                fe = f(expanded)
                simplex[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
            elif fr < values[-2]:
                simplex[-1], values[-1] = reflected, fr
            else:
                contracted = towards(0.5)
                fc = f(contracted)
                if fc < values[-1]:
                    simplex[-1], values[-1] = contracted, fc
                else:
                    simplex = [simplex[0]] + [[s0 + 0.5 * (v - s0) for s0, v in
                                               zip(simplex[0], p)] for p in simplex[1:]]
                    values = [values[0]] + [f(p) for p in simplex[1:]]
        best = simplex[values.index(min(values))]
        step = 0.05
    return best


def solve(matrix, vector):
    """matrix^-1 vector by Gaussian elimination with partial pivoting."""
    n = len(vector)
    rows = [list(matrix[i]) + [vector[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, n):
            factor = rows[r][col] / rows[col][col]
            rows[r] = [u - factor * v for u, v in zip(rows[r], rows[col])]
    out = [0.0] * n
    for r in reversed(range(n)):
        out[r] = (rows[r][n] - sum(rows[r][k] * out[k] for k in range(r + 1, n))) / rows[r][r]
    return out


def newton_polish(f, point, rounds=8, h=1e-4):
    """A few Newton steps on f with central differences: Nelder-Mead finds
    the basin, this pins the minimum to many more digits."""
    n = len(point)
    for _ in range(rounds):
        def at(*moves):
            p = list(point)
            for i, step in moves:
                p[i] += step
            return f(p)
        f0 = f(point)
        grad = [(at((i, h)) - at((i, -h))) / (2 * h) for i in range(n)]
        hess = [[(at((i, h), (j, h)) - at((i, h), (j, -h)) - at((i, -h), (j, h))
                  + at((i, -h), (j, -h))) / (4 * h * h) if i != j else
                 (at((i, h)) - 2 * f0 + at((i, -h))) / (h * h) for j in range(n)]
                for i in range(n)]
        step = solve(hess, grad)
        candidate = [p - s for p, s in zip(point, step)]
        if not f(candidate) <= f0:
            break
        point = candidate
    return point


def fit_bgnbd(summaries):
    """Maximum likelihood (r, alpha, a, b), searched on the log scale."""
    grouped = {}
    for _, x, t_x, T, _ in summaries:
        grouped[(x, t_x, T)] = grouped.get((x, t_x, T), 0) + 1
    customers = [(x, t_x, T, n) for (x, t_x, T), n in grouped.items()]
    def f(p):
        return -bgnbd_log_likelihood([math.exp(v) for v in p], customers)
    return [math.exp(v) for v in newton_polish(f, nelder_mead(f, [0.0, 0.0, 0.0, 0.0]))]


def fit_gamma_gamma(summaries):
    """Maximum likelihood (p, q, gamma) on the customers with repeat purchases."""
    grouped = {}
    for _, x, _, _, m in summaries:
        if x > 0:
            grouped[(x, m)] = grouped.get((x, m), 0) + 1
    customers = [(x, m, n) for (x, m), n in grouped.items()]
    def f(p):
        return -gamma_gamma_log_likelihood([math.exp(v) for v in p], customers)
    return [math.exp(v) for v in newton_polish(f, nelder_mead(f, [0.0, 0.0, 0.0]))]


def hyp2f1(a, b, c, z):
    """Gauss's hypergeometric series, for 0 <= z < 1."""
    term = total = 1.0
    n = 0
    while abs(term) > 1e-17 * abs(total):
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        total += term
        n += 1
        if n > 1000000:
            raise ArithmeticError("2F1 did not converge")
    return total


def bgnbd_odds_dead(params, x, t_x, T):
    r, alpha, a, b = params
    return a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x) if x > 0 else 0.0


def p_alive(params, x, t_x, T):
    return 1.0 / (1.0 + bgnbd_odds_dead(params, x, t_x, T))


def expected_purchases(params, x, t_x, T, t):
    """E[Y(t) | x, t_x, T] (Fader, Hardie & Lee 2005, eq. 10)."""
    r, alpha, a, b = params
    if t == 0:
        return 0.0
    z = t / (alpha + T + t)
    head = (a + b + x - 1) / (a - 1)
    tail = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    return head * tail / (1.0 + bgnbd_odds_dead(params, x, t_x, T))


def expected_spend(params, x, mean_spend):
    p, q, gamma = params
    return (gamma * p + p * x * mean_spend) / (p * x + q - 1)


def clv_value(bg, gg, x, t_x, T, mean_spend, margin, discount, horizon):
    """clv_value.h, retention(1): weekly periods, the last one ending at the
    horizon (10.5 weeks: ten weeks and a half week), each discounted at its
    end."""
    steps = max(1, math.ceil(horizon))
    total, previous = 0.0, 0.0
    for k in range(1, steps + 1):
        t_k = min(k, horizon)
        now = expected_purchases(bg, x, t_x, T, t_k)
        total += (now - previous) / (1 + discount) ** t_k
        previous = now
    return margin * expected_spend(gg, x, mean_spend) * total


def fitted(log, as_of, summaries):
    """BG/NBD and Gamma-Gamma fitted on the purchases up to as_of, once per
    calibration end."""
    fits = log.__dict__.setdefault("fits", {})
    if as_of not in fits:
        fits[as_of] = fit_bgnbd(summaries), fit_gamma_gamma(summaries)
    return fits[as_of]


def clv(log, as_of, horizon=52.0, margin=0.3, discount=0.0, top=None):
    """The table and the fitted (BG/NBD, Gamma-Gamma) parameters; with top,
    the top most valuable rows, most valuable first (ties in log order)."""
    summaries = rfm(log, as_of)
    bg, gg = fitted(log, as_of, summaries)
    rows = []
    for who, x, t_x, T, m in summaries:
        rows.append([who, x, Real(t_x, 4), Real(T, 4), Real(p_alive(bg, x, t_x, T), 4),
                     Real(expected_purchases(bg, x, t_x, T, horizon), 4),
                     Real(expected_spend(gg, x, m), 2),
                     Real(clv_value(bg, gg, x, t_x, T, m, margin, discount, horizon), 2)])
    if top is not None:  # sorted() is stable: ties keep the log's order
        rows = sorted(rows, key=lambda row: -row[7].value)[:top]
    return ["customer_id", "x", "t_x", "T", "p_alive", "expected_purchases", "expected_spend",
            "clv"], rows, bg, gg


# --- Printing --------------------------------------------------------------

def round_trip_text(value):
    """The first of 15, 16 and 17 significant digits (C's %g: trailing
    zeros dropped, an exponent below 1e-4 and from 1e15) that reads back as
    value: as short as repr(value), so exact for any reader."""
    for digits in (15, 16, 17):
        text = "%.*g" % (digits, value)
        if float(text) == value:
            return text
    raise AssertionError("17 digits always read back")


def cell_text(cell, exact=False):
    """A Real exactly (csv, json) or rounded to its decimals (text, html;
    from 1e15 on, a mantissa with those decimals and an exponent);
    an unknown cell (None, or a real that is not finite) empty."""
    if isinstance(cell, Real):
        if not math.isfinite(cell.value):
            return ""
        if exact:
            return round_trip_text(cell.value)
        rounded = "%.*f" if abs(cell.value) < 1e15 else "%.*e"  # not 300 digits
        return rounded % (cell.decimals, cell.value)
    return "" if cell is None else str(cell)


def to_csv(columns, rows, exact=True):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(c, exact) for c in row])
    return out.getvalue()


def to_json(columns, rows):
    """One object per line; reals exact."""
    def value(cell):
        if isinstance(cell, str):
            return json.dumps(cell, ensure_ascii=False)
        text = cell_text(cell, exact=True)
        return text if text else "null"
    lines = ["{" + ",".join(json.dumps(c) + ":" + value(v) for c, v in zip(columns, row)) + "}"
             for row in rows]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


def to_text(columns, rows):
    """Two spaces between columns; numbers right-aligned, text left-aligned,
    unknown cells '-'; no trailing blanks."""
    def shown(cell):
        unknown = cell is None or isinstance(cell, Real) and not math.isfinite(cell.value)
        return "-" if unknown else cell_text(cell)
    cells = [[shown(c) for c in row] for row in rows]
    widths = [max([len(name)] + [len(r[k]) for r in cells]) for k, name in enumerate(columns)]
    numeric = [any(isinstance(r[k], (int, Real)) for r in rows) and
               not any(isinstance(r[k], str) for r in rows) for k in range(len(columns))]

    def line(texts):
        parts = [t.rjust(w) if right else t.ljust(w)
                 for t, w, right in zip(texts, widths, numeric)]
        return "  ".join(parts).rstrip() + "\n"
    return line(columns) + "".join(line(r) for r in cells)


def to_tables(_, tables):
    """The report's tables, each as csv with the decimals of text (the page
    is read by people), a blank line between them."""
    return "\n".join(to_csv(columns, rows, exact=False) for columns, rows in tables)


def report(log):
    """The tables of `retention report` compared with a golden file, in
    page order: the key figures, the 10 customers most at risk and, when
    the log has purchases, the 10 most valuable (52 weeks at a 30 % margin,
    the calibration ending on the last day). The page's views of other
    commands' numbers (the cohort and segment tables, class "view") are
    left out: the goldens of cohorts and frequency check those numbers."""
    tables = [key_figures(log, log.last_day), at_risk_actions(log, log.last_day, 10)]
    if log.purchases:
        tables.append(clv(log, log.last_day, top=10)[:2])
    return None, tables


# --- compare: groups side by side (retention/compare.h) ----------------------

def group_members(log):
    """Group name -> its customers, groups in order of first sight."""
    out = {name: [] for name in log.segment_names}
    for who, number in log.segment.items():
        out[log.segment_names[number - 1]].append(who)
    return out


def pooled_retention(log, members, period, kind, k):
    """(retained, customers) at offset k, summed over the group's cohorts
    observed there: the averaged curve, each cohort weighted by its size.
    The periods are the whole log's, so offsets mean the same in every group."""
    starts = periods(log, period)
    retained = customers = 0
    for c, s in enumerate(starts):
        cohort = [w for w in members if period_start(min(log.active[w]), period) == s]
        if not cohort or c + k >= len(starts):
            continue
        cell = starts[c + k]
        end = next_period(cell, period) - 1
        if end > log.last_day:
            continue  # censored
        last = end if kind == "exact" else log.last_day
        retained += sum(active_in(log.active[w], cell, last) for w in cohort)
        customers += len(cohort)
    return retained, customers


def wilson(x, n, confidence):
    """Wilson's score interval (1927), written out."""
    z = statistics.NormalDist().inv_cdf((1 + confidence) / 2)
    p = x / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    lower = 0.0 if x == 0 else (centre - half) / (1 + z * z / n)
    upper = 1.0 if x == n else (centre + half) / (1 + z * z / n)
    return lower, upper


def two_proportion_p(xa, na, xb, nb):
    """The pooled two-sided z test (R's prop.test(correct = FALSE)); None
    without variation (no one or everyone retained in both)."""
    pooled = (xa + xb) / (na + nb)
    if pooled in (0.0, 1.0):
        return None
    z = (xb / nb - xa / na) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    return 2 * statistics.NormalDist().cdf(-abs(z))


def compare(log, period="day", kind="exact", alpha=0.05):
    """`retention compare`: per offset observed in some group, each group's
    pooled rate with its Wilson interval at 1 - alpha, and (but for the
    control, the first group) its difference from the control and the
    two-proportion test's p-value."""
    groups = group_members(log)
    names = list(groups)
    rows = []
    for k in range(len(periods(log, period))):
        rates = {g: pooled_retention(log, groups[g], period, kind, k) for g in names}
        if not any(n for _, n in rates.values()):
            continue
        xa, na = rates[names[0]]
        for i, g in enumerate(names):
            x, n = rates[g]
            row = [k, g, n]
            if n:
                lower, upper = wilson(x, n, 1 - alpha)
                row += [x, Real(x / n, 4), Real(lower, 4), Real(upper, 4)]
            else:
                row += [None] * 4
            test = two_proportion_p(xa, na, x, n) if i and n and na else None
            row.append(Real(x / n - xa / na, 4) if i and n and na else None)
            row.append(Real(test, 4) if test is not None else None)
            rows.append(row)
    return ["offset", "group", "customers", "retained", "rate", "lower", "upper",
            "difference", "p_value"], rows


# --- revenue: MRR movements (retention/revenue.h) ----------------------------

def subscriptions(path):
    """(customer, start day, end day or None, cents) per row of a
    subscription log (dates or times in UTC)."""
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            end = row["end"].strip()
            out.append((row["customer_id"], unix_seconds(row["start"]) // 86400,
                        unix_seconds(end) // 86400 if end else None,
                        round(float(row["mrr"]) * 100)))
    return out


def month_first(day):
    return period_start(day, "month")


def revenue(rows):
    """`retention revenue`: the months from the first paid day's to the
    as-of day's (the last start or end), each customer's MRR per day being
    the sum of the intervals covering it [start, end)."""
    as_of = max([s for _, s, _, _ in rows] + [e for _, _, e, _ in rows if e is not None])
    first = min(s for _, s, _, _ in rows)

    def mrr(who, d):
        return sum(c for w, s, e, c in rows if w == who and s <= d and (e is None or d < e))
    customers = sorted({w for w, _, _, _ in rows})
    daily = {w: {d: mrr(w, d) for d in range(first - 1, as_of + 1)} for w in customers}

    def at(w, d):
        return daily[w].get(d, 0) if d >= first - 1 else 0
    months, m = [], month_first(first)
    while m <= as_of:
        months.append(m)
        m = next_period(m, "month")
    closes = [min(next_period(m, "month") - 1, as_of) for m in months]

    def close_of(j):
        return closes[j] if j >= 0 else first - 1  # before the first month: nothing paid

    def rates(j, i):
        paying = [w for w in customers if at(w, close_of(j)) > 0]
        start = sum(at(w, close_of(j)) for w in paying)
        if not start:
            return None, None
        now = [at(w, closes[i]) for w in paying]
        then = [at(w, close_of(j)) for w in paying]
        return (Real(sum(now) / start, 4),
                Real(sum(min(a, b) for a, b in zip(now, then)) / start, 4))

    def money(cents):
        return Real(cents / 100, 2)
    out = []
    for i, m in enumerate(months):
        moves = dict.fromkeys(("new", "expansion", "contraction", "churned", "reactivation"), 0)
        for w in customers:
            for d in range(m, closes[i] + 1):
                b, a = at(w, d - 1), at(w, d)
                if b == a:
                    continue
                if b == 0:
                    paid_before = any(at(w, e) > 0 for e in range(first - 1, d))
                    moves["reactivation" if paid_before else "new"] += a
                elif a == 0:
                    moves["churned"] += b
                elif a > b:
                    moves["expansion"] += a - b
                else:
                    moves["contraction"] += b - a
        opening = sum(at(w, m - 1) for w in customers)
        closing = sum(at(w, closes[i]) for w in customers)
        payers_open = sum(at(w, m - 1) > 0 for w in customers)
        payers_close = sum(at(w, closes[i]) > 0 for w in customers)
        assert closing == (opening + moves["new"] + moves["expansion"] - moves["contraction"]
                           - moves["churned"] + moves["reactivation"])
        nrr, grr = rates(i - 1, i)
        nrr_12, grr_12 = rates(i - 12, i)
        gained = moves["new"] + moves["expansion"] + moves["reactivation"]
        lost = moves["contraction"] + moves["churned"]
        out.append([date_text(m)[:7], payers_open, money(opening), money(moves["new"]),
                    money(moves["expansion"]), money(moves["contraction"]),
                    money(moves["churned"]), money(moves["reactivation"]), money(closing),
                    payers_close, nrr, grr, nrr_12, grr_12,
                    Real(gained / lost, 4) if lost else None,
                    Real(closing / payers_close / 100, 2) if payers_close else None])
    return ["month", "customers_opening", "opening", "new", "expansion", "contraction",
            "churned", "reactivation", "closing", "customers_closing", "nrr", "grr", "nrr_12",
            "grr_12", "quick_ratio", "arpa"], out


def report_with_extras(log, subscription_rows):
    """report --group-column --subscriptions: the page's tables and, after
    the key figures, the groups compared by weeks, on-or-after; the revenue
    months last."""
    tables = [key_figures(log, log.last_day), compare(log, "week", "on-or-after"),
              at_risk_actions(log, log.last_day, 10)]
    if log.purchases:
        tables.append(clv(log, log.last_day, top=10)[:2])
    tables.append(revenue(subscription_rows))
    return None, tables


FORMATS = {"csv": to_csv, "json": to_json, "text": to_text, "tables": to_tables}
