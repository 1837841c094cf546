/* retention: retention reports from an event log (CSV).
 * usage: retention COMMAND [OPTIONS] [FILE]     (FILE "-" or none: stdin)
 * This file reads the command line and dispatches; the subcommands are in
 * commands_*.c and report.c. */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <retention.h>

#include "commands.h"
#include "progress.h"
#include "csv_reader.h"

typedef struct command {
    const char *name;
    command_fn run;
    const char *help;
} command;

static const command commands[] = {
    {"summary", cmd_summary, "customers, days, DAU/MAU on the last day, churn and CRR of the "
                             "last full month, forgettable-zone share, customers at risk"},
    {"activity", cmd_activity, "day,dau,wau,mau,stickiness for every day of the log"},
    {"cohorts", cmd_cohorts, "cohort,offset,size,active,rate; censored cells empty "
                             "(--period day|week|month, --kind exact|on-or-after)"},
    {"survival", cmd_survival, "Kaplan-Meier: day,at_risk,ended,survival,lower,upper"},
    {"lifecycle", cmd_lifecycle, "period,new,returning,resurrecting,dormant (--period)"},
    {"churn", cmd_churn, "month by month: customers at start and end, lost, acquired, "
                         "churn, CRR, repeat-purchase rate; a last month the log ends "
                         "inside is partial (1), judged at the log's last day"},
    {"at-risk", cmd_at_risk, "customers at risk with reasons, P(alive) and the break-even "
                             "incentive p(save) x value, whom to call first (--top N, "
                             "--as-of DATE, --value spend|clv|days, --save-rate P, "
                             "--incentive X); the campaign's totals on stderr"},
    {"clv", cmd_clv, "BG/NBD + Gamma-Gamma fitted on the purchases up to --as-of; per "
                     "customer P(alive), expected purchases and spend over --horizon weeks (52),"
                     " CLV at --margin (0.3), discounted at --discount per week (0); with "
                     "--top N the N most valuable, most valuable first"},
    {"report", cmd_report, "everything in one self-contained HTML page (--html FILE, default "
                           "retention-report.html); with no FILE, on a bundled sample log"},
    {"frequency", cmd_frequency, "usage buckets per segment, forgettable segments flagged "
                                 "(--as-of DATE, default the last day)"},
    {"compare", cmd_compare, "retention of the groups of --group-column side by side per "
                             "offset: rates with Wilson intervals, differences from the "
                             "control with p-values, a log-rank test; --lift L: sample sizes"},
    {"revenue", cmd_revenue, "MRR movements month by month on a subscription log "
                             "(customer_id,start,end,mrr): new, expansion, contraction, "
                             "churned, reactivation, NRR, GRR, quick ratio, ARPA (--cohorts)"},
};
enum { COMMANDS = sizeof commands / sizeof commands[0] };

static const char options_help[] =
    "Options:\n"
    "  --id-column NAME       customer ids, any text, spaces around it ignored\n"
    "                         (customer_id)\n"
    "  --time-column NAME     the times (timestamp)\n"
    "  --time-format FORMAT   auto (the first time decides: 10 digits Unix seconds,\n"
    "                         13 milliseconds, 16 microseconds, 8 YYYYMMDD, or ISO\n"
    "                         8601), unix, unix-ms, unix-us, iso, yyyymmdd, or a\n"
    "                         pattern of %Y %y %m %b %d %H %M %S %z (auto)\n"
    "  --amount-column NAME   purchase amounts (amount; may be absent unless named)\n"
    "  --segment-column NAME  segment names (segment; may be absent unless named)\n"
    "  --event-column NAME    the event of each row, for --start-event/--return-event\n"
    "  --start-event X        cohorts begin at each customer's first X (\"of those who\n"
    "                         first did X...\"); customers who never did X left out\n"
    "  --return-event Y       only Y rows are activity (\"...who came back to do Y?\");\n"
    "                         default: every row; rows of other events are left out\n"
    "  --utc-offset SECONDS   offset of the days and of times without one,\n"
    "                         -64800 .. 64800 (0)\n"
    "  --period day|week|month, --kind exact|on-or-after\n"
    "  --as-of DATE           the day judged, 1869-12-31 .. 2070-01-01 (the last day)\n"
    "  --top N                rows of at-risk (20) and clv (all), 1 .. 1000000000\n"
    "  --value spend|clv|days what at-risk ranks by: purchases summed, lifetime value\n"
    "                         or active days (spend if the log has purchases, else days)\n"
    "  --save-rate P          at-risk, report: share of the customers offered an\n"
    "                         incentive whom it keeps, 0 < P <= 1 (0.2)\n"
    "  --incentive X          at-risk, report: what the offer costs per customer,\n"
    "                         finite X >= 0; adds each one's expected profit\n"
    "                         p x value - X and ranks by it\n"
    "  --currency CODE        what the money is in (EUR), said beside amounts:\n"
    "                         1 to 8 printable ASCII characters, no spaces (none)\n"
    "  --horizon WEEKS        clv: 0 < WEEKS <= 4294967295 (52)\n"
    "  --margin SHARE         clv: 0 < SHARE <= 1 (0.3)\n"
    "  --discount RATE        clv: per week, >= 0 (0)\n"
    "  --format csv|json|text how tables print (csv); json: one array of objects,\n"
    "                         unknown cells null; text: aligned columns, unknown '-'\n"
    "  --html FILE            where report writes its page (- for stdout)\n"
    "  --progress             show the progress of reading the log, then of computing,\n"
    "                         on stderr\n"
    "  --delimiter C          , ; tab | (or \\t): the field delimiter (default: the one\n"
    "                         that splits the header line most)\n"
    "  --skip-bad-rows        go on past bad rows, up to 1% of the rows; their count\n"
    "                         per reason and first lines are printed on stderr\n"
    "  --max-bad-rows N|P%    fail when more than N rows, or P% of them, are bad;\n"
    "                         implies --skip-bad-rows\n"
    "  --help                 this text\n";

/* Apart from the options above: one string literal of each stays within
 * the length C requires compilers to support. */
static const char thresholds_help[] =
    "\nThresholds (days 1 .. 73051 unless said; defaults in parentheses):\n"
    "  --inactivity-days N    silent this long: no longer a customer, for churn,\n"
    "                         survival and summary, 1 .. 36525 (30)\n"
    "  --new-days N           frequency: first active less than N days ago: new (14)\n"
    "  --dormant-days N       frequency: silent N days: dormant (90)\n"
    "  --lookback-days N      frequency: longest history for the mean interval (90)\n"
    "  --daily-interval DAYS  frequency: daily up to this mean interval, > 0 (1.5)\n"
    "  --weekly-interval DAYS frequency: weekly up to this, above daily (8)\n"
    "  --monthly-interval DAYS frequency: monthly up to this, above weekly; beyond:\n"
    "                         the forgettable zone (31)\n"
    "  --forgettable-share SHARE  a segment is mostly forgettable above this share,\n"
    "                         0 <= SHARE < 1 (0.5)\n"
    "  --silent-days N        at-risk: silent N days: at risk (14)\n"
    "  --lost-days N          at-risk: silent N days: gone, not at risk (90)\n"
    "  --window-days N        at-risk: the recent and the earlier window (28)\n"
    "  --usage-drop SHARE     at-risk: usage fell below SHARE of the earlier window,\n"
    "                         0 < SHARE <= 1 (0.5)\n"
    "\nExit status: 0 on success, 1 when the input or a computation fails, 2 for a bad\n"
    "command line.\n";

/* Apart: one string of all the options would be longer than C11 promises. */
static const char decisions_help[] =
    "\nOptions of compare and revenue:\n"
    "  --group-column NAME    compare: the column of each customer's group (its\n"
    "                         first value; a customer with two groups is an error)\n"
    "  --control VALUE        compare: the group the others are compared with (the\n"
    "                         first in the log)\n"
    "  --lift L               compare: the lift of the rate to plan for, 0 < L < 1\n"
    "  --alpha A, --power P   compare: significance level (0.05; the intervals are at\n"
    "                         1 - A) and power (0.8), both 0 < x < 1\n"
    "  --cohorts              revenue: the revenue-weighted cohort table instead\n"
    "\nOptions of report:\n"
    "  --group-column NAME    add the groups compared, as compare does (by weeks,\n"
    "                         on-or-after; the column replaces --segment-column)\n"
    "  --subscriptions FILE   add the revenue retention of a subscription log, as\n"
    "                         revenue reads it\n"
    "  --control, --alpha, --lift  as for compare, on those groups\n"
;

static void usage(FILE *out)
{
    fprintf(out, "usage: retention COMMAND [OPTIONS] [FILE]\n\n"
                 "Reads an event log (CSV with a header row, plain or gzip; FILE '-' or "
                 "none:\nstandard input) and prints a retention report as CSV (or --format "
                 "json|text).\n\n"
                 "Commands:\n");
    for (int i = 0; i < COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\n%s%s%s", options_help, thresholds_help, decisions_help);
}

static void command_usage(const command *cmd)
{
    printf("usage: retention %s [OPTIONS] [FILE]\n%s\n\n%s%s%s", cmd->name, cmd->help,
           options_help, thresholds_help, decisions_help);
}

/* The options, each setting the field of a cli at its offset. A number is
 * checked against its range as it is read, so that a bad value stops the
 * command before the log is read. */
typedef enum option_kind {
    OPT_TEXT, OPT_UTC_OFFSET, OPT_COUNT, OPT_DAYS, OPT_REAL, OPT_PERIOD, OPT_KIND, OPT_FORMAT,
    OPT_VALUE, OPT_FLAG, OPT_COLUMN, OPT_DELIMITER, OPT_BAD_ROW_LIMIT, OPT_TIME_FORMAT,
    OPT_CURRENCY
} option_kind;

/* The valid values of a number option, as the library documents them. */
typedef struct number_range {
    double min, max;
    int min_open, max_open;  /* 1: that end itself is not valid */
    const char *valid;       /* the range, as the message says it */
} number_range;

/* The valid range of each number option, by its name. A number option not
 * listed takes any value its field holds (see range_of). */
static const struct named_range {
    const char *option;
    number_range range;
} ranges[] = {
    {"--utc-offset", {-64800.0, 64800.0, 0, 0,
                      "whole seconds, -64800 <= SECONDS <= 64800 (18 hours)"}},
    {"--horizon", {0.0, 4294967295.0, 1, 0, "0 < WEEKS <= 4294967295"}},  /* rt_clv_options */
    {"--discount", {0.0, DBL_MAX, 0, 0, "a finite RATE >= 0"}},
    {"--margin", {0.0, 1.0, 1, 0, "0 < SHARE <= 1"}},  /* 0 would value everyone at 0 */
    {"--top", {1.0, 1e9, 0, 0, "1 <= N <= 1000000000"}},
    {"--save-rate", {0.0, 1.0, 1, 0, "0 < P <= 1"}},  /* 0 would save nobody */
    {"--incentive", {0.0, DBL_MAX, 0, 0, "a finite X >= 0"}},
    {"--inactivity-days", {1.0, 36525.0, 0, 0, "1 <= DAYS <= 36525"}},  /* rt_cohort_options */
    {"--new-days", {1.0, 73051.0, 0, 0, "1 <= DAYS <= 73051"}},  /* rt_frequency_options */
    {"--dormant-days", {1.0, 73051.0, 0, 0, "1 <= DAYS <= 73051"}},
    {"--lookback-days", {1.0, 73051.0, 0, 0, "1 <= DAYS <= 73051"}},
    {"--daily-interval", {0.0, DBL_MAX, 1, 0, "a finite DAYS > 0"}},
    {"--weekly-interval", {0.0, DBL_MAX, 1, 0, "a finite DAYS > 0"}},
    {"--monthly-interval", {0.0, DBL_MAX, 1, 0, "a finite DAYS > 0"}},
    {"--forgettable-share", {0.0, 1.0, 0, 1, "0 <= SHARE < 1"}},
    {"--silent-days", {1.0, 73051.0, 0, 0, "1 <= DAYS <= 73051"}},  /* rt_risk_options */
    {"--lost-days", {1.0, 73051.0, 0, 0, "1 <= DAYS <= 73051"}},
    {"--window-days", {1.0, 73051.0, 0, 0, "1 <= DAYS <= 73051"}},
    {"--usage-drop", {0.0, 1.0, 1, 0, "0 < SHARE <= 1"}},
    {"--lift", {0.0, 1.0, 1, 1, "0 < L < 1"}},  /* compare */
    {"--alpha", {0.0, 1.0, 1, 1, "0 < A < 1"}},
    {"--power", {0.0, 1.0, 1, 1, "0 < P < 1"}},
};
enum { RANGES = sizeof ranges / sizeof ranges[0] };

/* The option's range, else what its field can hold (a whole number no
 * larger than a double counts exactly); NULL for any finite real. */
static const number_range *range_of(const char *option, option_kind kind)
{
    static const number_range count = {0.0, 9007199254740992.0, 0, 0, "0 <= N <= 2^53"};
    static const number_range days = {0.0, 4294967295.0, 0, 0, "0 <= DAYS <= 4294967295"};
    for (int i = 0; i < RANGES; i++)
        if (strcmp(ranges[i].option, option) == 0)
            return &ranges[i].range;
    return kind == OPT_COUNT ? &count : kind == OPT_DAYS ? &days : NULL;
}

typedef struct option {
    const char *name;
    option_kind kind;
    size_t offset;
} option;

static const option options[] = {
    {"--id-column", OPT_COLUMN, offsetof(cli, load.id_column)},
    {"--time-column", OPT_COLUMN, offsetof(cli, load.time_column)},
    {"--time-format", OPT_TIME_FORMAT, offsetof(cli, load.time_format)},
    {"--amount-column", OPT_COLUMN, offsetof(cli, load.amount_column)},
    {"--segment-column", OPT_COLUMN, offsetof(cli, load.segment_column)},
    {"--event-column", OPT_COLUMN, offsetof(cli, load.event_column)},
    {"--start-event", OPT_TEXT, offsetof(cli, load.start_event)},
    {"--return-event", OPT_TEXT, offsetof(cli, load.return_event)},
    {"--delimiter", OPT_DELIMITER, offsetof(cli, load.delimiter)},
    {"--max-bad-rows", OPT_BAD_ROW_LIMIT, offsetof(cli, load.max_bad_rows)},
    {"--utc-offset", OPT_UTC_OFFSET, offsetof(cli, load.utc_offset)},
    {"--as-of", OPT_TEXT, offsetof(cli, as_of)},
    {"--html", OPT_TEXT, offsetof(cli, html)},
    {"--horizon", OPT_REAL, offsetof(cli, horizon)},
    {"--discount", OPT_REAL, offsetof(cli, discount)},
    {"--margin", OPT_REAL, offsetof(cli, margin)},
    {"--top", OPT_COUNT, offsetof(cli, top)},
    {"--period", OPT_PERIOD, offsetof(cli, period)},
    {"--kind", OPT_KIND, offsetof(cli, kind)},
    {"--format", OPT_FORMAT, offsetof(cli, format)},
    {"--skip-bad-rows", OPT_FLAG, offsetof(cli, load.skip_bad_rows)},
    {"--progress", OPT_FLAG, offsetof(cli, load.progress)},
    {"--value", OPT_VALUE, offsetof(cli, value)},
    {"--save-rate", OPT_REAL, offsetof(cli, save_rate)},
    {"--incentive", OPT_REAL, offsetof(cli, incentive)},
    {"--currency", OPT_CURRENCY, offsetof(cli, currency)},
    /* The thresholds judging customers: fields of the library's options. */
    {"--inactivity-days", OPT_DAYS, offsetof(cli, load.inactivity_days)},
    {"--new-days", OPT_DAYS, offsetof(cli, frequency.new_days)},
    {"--dormant-days", OPT_DAYS, offsetof(cli, frequency.dormant_days)},
    {"--lookback-days", OPT_DAYS, offsetof(cli, frequency.lookback_days)},
    {"--daily-interval", OPT_REAL, offsetof(cli, frequency.daily_max_interval)},
    {"--weekly-interval", OPT_REAL, offsetof(cli, frequency.weekly_max_interval)},
    {"--monthly-interval", OPT_REAL, offsetof(cli, frequency.monthly_max_interval)},
    {"--forgettable-share", OPT_REAL, offsetof(cli, frequency.forgettable_share)},
    {"--silent-days", OPT_DAYS, offsetof(cli, risk.silent_days)},
    {"--lost-days", OPT_DAYS, offsetof(cli, risk.lost_days)},
    {"--window-days", OPT_DAYS, offsetof(cli, risk.window_days)},
    {"--usage-drop", OPT_REAL, offsetof(cli, risk.usage_drop)},
    /* compare and revenue */
    {"--group-column", OPT_TEXT, offsetof(cli, group_column)},
    {"--control", OPT_TEXT, offsetof(cli, control)},
    {"--lift", OPT_REAL, offsetof(cli, lift)},
    {"--alpha", OPT_REAL, offsetof(cli, alpha)},
    {"--power", OPT_REAL, offsetof(cli, power)},
    {"--cohorts", OPT_FLAG, offsetof(cli, revenue_cohorts)},
    {"--subscriptions", OPT_TEXT, offsetof(cli, subscriptions)},
};
enum { OPTIONS = sizeof options / sizeof options[0] };

static int bad_value(const option *o, const char *v, const char *expected)
{
    fprintf(stderr, "retention: %s %s: %s\n", o->name, v, expected);
    return 0;
}

static int in_range(const number_range *r, double x)
{
    return (r->min_open ? x > r->min : x >= r->min) && (r->max_open ? x < r->max : x <= r->max);
}

/* The text as a whole number (signed only for the UTC offset), or a real;
 * 0 if it is not one. */
static int read_number(const option *o, const char *v, double *x)
{
    char *end;
    errno = 0;
    *x = 0.0;
    if (isspace((unsigned char)*v))  /* strto* would skip it: not a value */
        return 0;
    if (o->kind == OPT_REAL) {
        *x = strtod(v, &end);
        return *v != '\0' && *end == '\0' && isfinite(*x);
    }
    if (o->kind == OPT_UTC_OFFSET) {
        long long n = strtoll(v, &end, 10);
        *x = (double)n;
        return *v != '\0' && *end == '\0' && !errno;
    }
    unsigned long long n = strtoull(v, &end, 10);
    *x = (double)n;
    return *v != '\0' && *end == '\0' && *v != '-' && !errno;
}

static int set_number(const option *o, const char *v, void *field)
{
    double x;
    const number_range *range = range_of(o->name, o->kind);
    const char *why = !read_number(o, v, &x)
                          ? (o->kind == OPT_REAL ? "not a number" : "not a whole number")
                      : range != NULL && !in_range(range, x) ? "out of range" : NULL;
    if (why != NULL) {
        char message[160];
        snprintf(message, sizeof message, "%s (%s)", why, range ? range->valid : "");
        return bad_value(o, v, range ? message : why);
    }
    if (o->kind == OPT_REAL)
        *(double *)field = x;
    else if (o->kind == OPT_COUNT)
        *(size_t *)field = (size_t)x;
    else if (o->kind == OPT_DAYS)
        *(uint32_t *)field = (uint32_t)x;
    else
        *(int32_t *)field = (int32_t)x;
    return 1;
}

static int set_value_kind(const option *o, const char *v, value_kind *field)
{
    if (strcmp(v, "spend") == 0)
        *field = VALUE_SPEND;
    else if (strcmp(v, "clv") == 0)
        *field = VALUE_CLV;
    else if (strcmp(v, "days") == 0)
        *field = VALUE_DAYS;
    else
        return bad_value(o, v, "spend, clv or days");
    return 1;
}

/* --currency CODE: what the money figures are said to be in (EUR, US$):
 * 1 to 8 printable ASCII characters, no spaces, so that it reads as one
 * word after an amount. */
static int set_currency(const option *o, const char *v, const char **field)
{
    size_t n = strlen(v), k = 0;
    while (k < n && (unsigned char)v[k] < 0x80 && isgraph((unsigned char)v[k]))
        k++;
    if (n == 0 || n > 8 || k != n)
        return bad_value(o, v, "1 to 8 printable ASCII characters without spaces, "
                         "e.g. EUR");
    *field = v;
    return 1;
}

/* A column option's bit in load.named_columns: a column named on the
 * command line must exist. */
static unsigned column_named_by(const option *o)
{
    return o->offset == offsetof(cli, load.id_column)     ? NAMED_ID
           : o->offset == offsetof(cli, load.time_column) ? NAMED_TIME
           : o->offset == offsetof(cli, load.amount_column) ? NAMED_AMOUNT
           : o->offset == offsetof(cli, load.event_column)  ? NAMED_EVENT
                                                            : NAMED_SEGMENT;
}

/* --delimiter: , ; | a tab, or its names tab and \t. */
static int set_delimiter(const option *o, const char *v, char *field)
{
    if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
        v = "\t";
    if (strlen(v) != 1 || strchr(CSV_DELIMITERS, v[0]) == NULL)
        return bad_value(o, v, "',', ';', 'tab' or '|'");
    *field = v[0];
    return 1;
}

/* --max-bad-rows N or P%: a whole number of rows or a percentage. */
static int set_bad_row_limit(cli *c, const option *o, const char *v, bad_row_limit *field)
{
    char *end;
    errno = 0;
    size_t n = strlen(v);
    if (n > 1 && v[n - 1] == '%') {
        double percent = strtod(v, &end);
        if (!(*v >= '0' && *v <= '9') || end != v + n - 1 || !(percent <= 100.0))
            return bad_value(o, v, "a percentage from 0% to 100%");
        *field = (bad_row_limit){1, 1, percent};
    } else {
        unsigned long long rows = strtoull(v, &end, 10);
        if (!(*v >= '0' && *v <= '9') || *end != '\0' || errno || rows > LONG_MAX)
            return bad_value(o, v, "a whole number of rows or a percentage like 2%");
        *field = (bad_row_limit){1, 0, (double)rows};
    }
    c->load.skip_bad_rows = 1;
    return 1;
}

/* Sets the option's field from its value; 0 after a message if it is bad. */
static int set_option(cli *c, const option *o, const char *v)
{
    void *field = (char *)c + o->offset;
    switch (o->kind) {
    case OPT_TEXT:
        *(const char **)field = v;
        return 1;
    case OPT_FLAG:
        *(int *)field = 1;
        return 1;
    case OPT_COLUMN:
        *(const char **)field = v;
        c->load.named_columns |= column_named_by(o);
        return 1;
    case OPT_DELIMITER:
        return set_delimiter(o, v, (char *)field);
    case OPT_BAD_ROW_LIMIT:
        return set_bad_row_limit(c, o, v, (bad_row_limit *)field);
    case OPT_PERIOD:
        if (strcmp(v, "day") && strcmp(v, "week") && strcmp(v, "month"))
            return bad_value(o, v, "day, week or month");
        *(rt_period *)field = v[0] == 'd' ? RT_PERIOD_DAY
                              : v[0] == 'w' ? RT_PERIOD_WEEK : RT_PERIOD_MONTH;
        return 1;
    case OPT_KIND:
        if (strcmp(v, "exact") && strcmp(v, "on-or-after"))
            return bad_value(o, v, "exact or on-or-after");
        *(rt_retention_kind *)field = v[0] == 'e' ? RT_RETENTION_EXACT
                                                  : RT_RETENTION_ON_OR_AFTER;
        return 1;
    case OPT_FORMAT:
        return table_format_parse(v, (table_format *)field) ? 1
               : bad_value(o, v, "csv, json or text");
    case OPT_VALUE:
        return set_value_kind(o, v, (value_kind *)field);
    case OPT_CURRENCY:
        return set_currency(o, v, (const char **)field);
    case OPT_TIME_FORMAT: {
        const char *why = time_format_parse(v, (time_format *)field);
        return why ? bad_value(o, v, why) : 1;
    }
    default:
        return set_number(o, v, field);
    }
}

/* What no single option can check: the frequency intervals in order, and
 * --as-of as a day (at the final --utc-offset); 0 after a message. */
/* A file named by an option opens, before the event log is read. */
static int readable(const char *path, const char *option_name)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "retention: %s %s: %s\n", option_name, path, strerror(errno));
        return 0;
    }
    fclose(f);
    return 1;
}

static int check_together(cli *c)
{
    const load_options *l = &c->load;
    if ((l->start_event || l->return_event) && l->event_column == NULL) {
        fprintf(stderr, "retention: %s needs --event-column (the column that names the "
                "event)\n", l->start_event ? "--start-event" : "--return-event");
        return 0;
    }
    const rt_frequency_options *f = &c->frequency;
    if (!(f->weekly_max_interval > f->daily_max_interval)) {
        fprintf(stderr, "retention: --weekly-interval %g: must be above --daily-interval (%g)\n",
                f->weekly_max_interval, f->daily_max_interval);
        return 0;
    }
    if (!(f->monthly_max_interval > f->weekly_max_interval)) {
        fprintf(stderr, "retention: --monthly-interval %g: must be above --weekly-interval "
                "(%g)\n", f->monthly_max_interval, f->weekly_max_interval);
        return 0;
    }
    if (c->subscriptions != NULL && !readable(c->subscriptions, "--subscriptions"))
        return 0;
    return c->as_of == NULL || as_of_option_day(c->as_of, &c->load.time_format,
                                                   c->load.utc_offset, &c->as_of_day);
}

typedef enum parse_result { PARSE_OK, PARSE_HELP, PARSE_ERROR } parse_result;

/* argv[*i] as one of the options: "--name value", "--name=value" or a flag. */
static parse_result parse_option(int argc, char **argv, int *i, cli *c)
{
    const char *arg = argv[*i];
    for (int k = 0; k < OPTIONS; k++) {
        const option *o = &options[k];
        size_t n = strlen(o->name);
        if (strncmp(arg, o->name, n) != 0 || (arg[n] != '\0' && arg[n] != '='))
            continue;
        if (o->kind == OPT_FLAG && arg[n] == '\0')
            return set_option(c, o, NULL) ? PARSE_OK : PARSE_ERROR;
        if (o->kind == OPT_FLAG)
            break;
        if (arg[n] == '=')
            return set_option(c, o, arg + n + 1) ? PARSE_OK : PARSE_ERROR;
        if (*i + 1 >= argc) {
            fprintf(stderr, "retention: %s needs a value\n", o->name);
            return PARSE_ERROR;
        }
        return set_option(c, o, argv[++*i]) ? PARSE_OK : PARSE_ERROR;
    }
    fprintf(stderr, "retention: unknown option %s (see --help)\n", arg);
    return PARSE_ERROR;
}

static parse_result parse_args(int argc, char **argv, cli *c)
{
    for (int i = 2; i < argc; i++) {
        parse_result r = PARSE_OK;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return PARSE_HELP;
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            r = parse_option(argc, argv, &i, c);
        else if (c->load.path == NULL)
            c->load.path = argv[i];
        else
            return fprintf(stderr, "retention: more than one file\n"), PARSE_ERROR;
        if (r != PARSE_OK)
            return r;
    }
    return PARSE_OK;
}

/* The sample log beside the executable (an uninstalled build), else the
 * installed one; the result lives as long as the program. */
static const char *bundled_sample(const char *argv0)
{
    static char beside[4096];
    const char *slash = strrchr(argv0, '/');
    int n = slash == NULL ? -1 : snprintf(beside, sizeof beside, "%.*s/sample.csv",
                                         (int)(slash - argv0), argv0);
    FILE *f = n > 0 && (size_t)n < sizeof beside ? fopen(beside, "r") : NULL;
    if (f == NULL)
        return RETENTION_SAMPLE;
    fclose(f);
    return beside;
}

/* The command's status, or 1 when its output could not be written. */
static int output_written(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "retention: writing the output: %s\n", strerror(errno));
        return 1;
    }
    return status;
}

/* Loads the log, runs the command, and makes sure its output was written. */
static int run(const command *cmd, cli *c, const char *argv0)
{
    if (cmd->run == cmd_report && c->load.path == NULL)
        c->load.path = bundled_sample(argv0);  /* the first contact: no file needed */
    if ((cmd->run == cmd_at_risk || cmd->run == cmd_report) &&
        (c->value == VALUE_AUTO || c->value == VALUE_SPEND))
        c->load.keep_purchases = 1;  /* to rank by spend */
    if (cmd->run == cmd_revenue)  /* a subscription log, read by revenue itself */
        return output_written(cmd_revenue(c, NULL));
    if ((cmd->run == cmd_compare || (cmd->run == cmd_report && c->group_column != NULL)) &&
        !compare_prepare(c))
        return 2;
    loaded l;
    int loaded_status = load_log(&c->load, &l);  /* bad rows skipped are reported */
    if (loaded_status != 0)
        return loaded_status;
    double started = computing_start(c->load.progress, cmd->name);
    int status = cmd->run(c, &l);
    computing_done(c->load.progress, started);
    loaded_free(&l);
    return output_written(status);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("retention (libretention %s)\n", rt_version());
        return 0;
    }
    for (int i = 0; i < COMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        cli c = {.load = {.id_column = "customer_id", .time_column = "timestamp",
                          .amount_column = "amount", .segment_column = "segment"},
                 .period = RT_PERIOD_DAY, .kind = RT_RETENTION_EXACT, .top = TOP_UNSET,
                 .margin = 0.3, .horizon = 52.0, .save_rate = 0.2,
                 .incentive = (double)NAN, .format = TABLE_CSV, .value = VALUE_AUTO,
                 .out = stdout, .alpha = 0.05, .power = 0.8};
        rt_cohort_options cohort;  /* the library's defaults of every threshold */
        rt_cohort_options_init(&cohort, sizeof cohort);
        c.load.inactivity_days = cohort.inactivity_days;
        rt_frequency_options_init(&c.frequency, sizeof c.frequency);
        rt_risk_options_init(&c.risk, sizeof c.risk);
        parse_result r = parse_args(argc, argv, &c);
        if (r == PARSE_OK && !check_together(&c))
            r = PARSE_ERROR;
        if (r == PARSE_HELP)
            command_usage(&commands[i]);
        return r == PARSE_HELP ? 0 : r == PARSE_ERROR ? 2 : run(&commands[i], &c, argv[0]);
    }
    fprintf(stderr, "retention: unknown command '%s' (see --help)\n", argv[1]);
    return 2;
}
