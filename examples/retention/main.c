/* retention: retention reports from an event log (CSV).
 * usage: retention COMMAND [OPTIONS] [FILE]     (FILE "-" or none: stdin) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <retention.h>

#include "cli.h"
#include "load.h"
#include "timestamp.h"

typedef int (*command_fn)(const cli *c, loaded *l);

int fail(rt_status st)
{
    fprintf(stderr, "retention: %s (%s)\n", rt_strerror(st), rt_last_error_message());
    return 1;
}

static int compute(const loaded *l, rt_period period, rt_metrics **m)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.period = period;
    rt_status st = rt_metrics_compute(l->cohort, &o, m);
    return st == RT_OK ? 0 : fail(st);
}

static int cmd_activity(const cli *c, loaded *l)
{
    rt_metrics *m;
    if (compute(l, c->period, &m))
        return 1;
    int32_t first, last;
    rt_metrics_day_range(m, &first, &last);
    printf("day,dau,wau,mau,stickiness\n");
    for (int32_t d = first; d <= last; d++) {
        uint64_t dau, wau, mau;
        char date[32];
        rt_metrics_active(m, d, &dau, &wau, &mau);
        format_day(d, date);
        printf("%s,%llu,%llu,%llu,%.4f\n", date, (unsigned long long)dau,
               (unsigned long long)wau, (unsigned long long)mau,
               mau ? (double)dau / (double)mau : 0.0);
    }
    rt_metrics_free(m);
    return 0;
}

static int cmd_cohorts(const cli *c, loaded *l)
{
    rt_metrics *m;
    if (compute(l, c->period, &m))
        return 1;
    printf("cohort,offset,size,active,rate\n");
    for (size_t k = 0; k < rt_metrics_cohort_count(m); k++) {
        int32_t start;
        uint64_t size;
        char date[32];
        rt_metrics_cohort(m, k, &start, &size);
        format_day(start, date);
        for (uint32_t off = 0; off < rt_metrics_offset_count(m); off++) {
            uint64_t active;
            int observed;
            rt_metrics_retention(m, c->kind, k, off, &active, &observed);
            if (!observed)
                printf("%s,%u,%llu,,\n", date, (unsigned)off, (unsigned long long)size);
            else
                printf("%s,%u,%llu,%llu,%.4f\n", date, (unsigned)off, (unsigned long long)size,
                       (unsigned long long)active, size ? (double)active / (double)size : 0.0);
        }
    }
    rt_metrics_free(m);
    return 0;
}

static int cmd_survival(const cli *c, loaded *l)
{
    (void)c;
    rt_metrics *m;
    if (compute(l, RT_PERIOD_DAY, &m))
        return 1;
    printf("day,at_risk,ended,survival,lower,upper\n");
    for (uint32_t t = 0;; t++) {
        uint64_t at_risk, ended;
        double s, lo, hi;
        if (rt_metrics_survival_counts(m, t, &at_risk, &ended) != RT_OK ||
            rt_metrics_survival(m, t, &s, &lo, &hi) != RT_OK)
            break;
        printf("%u,%llu,%llu,%.4f,%.4f,%.4f\n", (unsigned)t, (unsigned long long)at_risk,
               (unsigned long long)ended, s, lo, hi);
    }
    rt_metrics_free(m);
    return 0;
}

static int cmd_lifecycle(const cli *c, loaded *l)
{
    rt_metrics *m;
    if (compute(l, c->period, &m))
        return 1;
    printf("period,new,returning,resurrecting,dormant\n");
    for (size_t k = 0; k < rt_metrics_cohort_count(m); k++) {
        int32_t start;
        uint64_t n[4];
        char date[32];
        rt_metrics_cohort(m, k, &start, NULL);
        format_day(start, date);
        for (int s = 0; s < 4; s++)
            rt_metrics_lifecycle(m, k, (rt_lifecycle_state)s, &n[s]);
        printf("%s,%llu,%llu,%llu,%llu\n", date, (unsigned long long)n[0],
               (unsigned long long)n[1], (unsigned long long)n[2], (unsigned long long)n[3]);
    }
    rt_metrics_free(m);
    return 0;
}

int as_of_day(const cli *c, const loaded *l, int32_t *day)
{
    int32_t first, last;
    if (rt_cohort_day_range(l->cohort, &first, &last) != RT_OK)
        return fail(RT_EUNDEFINED);
    *day = last;
    if (c->as_of) {
        int64_t t;
        const char *why = parse_timestamp(c->as_of, c->load.utc_offset, &t);
        if (why) {
            fprintf(stderr, "retention: --as-of %s: %s\n", c->as_of, why);
            return 2;
        }
        *day = (int32_t)((t + c->load.utc_offset) / 86400);
    }
    return 0;
}

static const char *const bucket_names[] = {"new", "daily", "weekly", "monthly",
                                           "forgettable", "dormant"};

static int cmd_frequency(const cli *c, loaded *l)
{
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    int status = as_of_day(c, l, &o.as_of_day);
    if (status)
        return status;
    rt_frequency *f;
    rt_status st = rt_cohort_frequency(l->cohort, &o, &f);
    if (st != RT_OK)
        return fail(st);
    uint32_t forgettable[256];
    size_t n_forgettable = 0;
    rt_frequency_forgettable_segments(f, forgettable, 256, &n_forgettable);
    printf("segment,bucket,customers,mostly_forgettable\n");
    for (uint32_t seg = 0; seg <= l->segment_count; seg++) {
        int flagged = 0;
        for (size_t i = 0; i < n_forgettable && i < 256; i++)
            flagged |= forgettable[i] == seg;
        const char *name = seg ? l->segment_names[seg - 1] : "";
        for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
            uint64_t count;
            if (rt_frequency_segment_count(f, seg, (rt_frequency_bucket)b, &count) != RT_OK)
                break;  /* nobody in that segment */
            printf("%s,%s,%llu,%s\n", name, bucket_names[b], (unsigned long long)count,
                   flagged ? "yes" : "no");
        }
    }
    rt_frequency_free(f);
    return 0;
}

static int cmd_at_risk(const cli *c, loaded *l)
{
    rt_risk_options o;
    rt_risk_options_init(&o, sizeof o);
    int status = as_of_day(c, l, &o.as_of_day);
    if (status)
        return status;
    size_t room = c->top, n;
    uint64_t *ids = malloc((room ? room : 1) * sizeof *ids), at_risk;
    uint32_t *why = malloc((room ? room : 1) * sizeof *why);
    double *value = malloc((room ? room : 1) * sizeof *value);
    rt_status st = rt_cohort_at_risk(l->cohort, &o, ids, why, value, room, &n, &at_risk);
    if (st == RT_OK) {
        printf("customer_id,value,silent,usage_fell,late_payment,forgettable\n");
        for (size_t i = 0; i < n; i++)
            printf("%llu,%.2f,%d,%d,%d,%d\n", (unsigned long long)ids[i], value[i],
                   !!(why[i] & RT_RISK_SILENT), !!(why[i] & RT_RISK_USAGE_FELL),
                   !!(why[i] & RT_RISK_LATE_PAYMENT), !!(why[i] & RT_RISK_FORGETTABLE));
        fprintf(stderr, "retention: %llu customers at risk\n", (unsigned long long)at_risk);
    }
    free(ids);
    free(why);
    free(value);
    return st == RT_OK ? 0 : fail(st);
}

static int cmd_churn(const cli *c, loaded *l)
{
    int32_t first, last;
    if (rt_cohort_day_range(l->cohort, &first, &last) != RT_OK)
        return fail(RT_EUNDEFINED);
    int32_t y0, y1;
    uint32_t m0, m1, d;
    char a[32], b[32];
    format_day(first, a);
    format_day(last, b);
    sscanf(a, "%d-%u-%u", &y0, &m0, &d);
    sscanf(b, "%d-%u-%u", &y1, &m1, &d);
    uint32_t months = (uint32_t)((y1 - y0) * 12 + (int32_t)m1 - (int32_t)m0 + 1);
    rt_churn_result *r = calloc(months, sizeof *r);
    for (uint32_t i = 0; i < months; i++)
        rt_churn_result_init(&r[i], sizeof r[i]);
    (void)c;
    rt_status st = rt_cohort_churn_monthly(l->cohort, first, months, 0, 0, r);
    if (st == RT_OK) {
        printf("month,at_start,at_end,retained,lost,acquired,joined_and_left,resurrected,"
               "churn_rate,retention_rate,repeat_rate\n");
        for (uint32_t i = 0; i < months; i++) {
            uint32_t month = m0 - 1 + i;
            printf("%04d-%02u,%llu,%llu,%llu,%llu,%llu,%llu,%llu,", y0 + (int32_t)(month / 12),
                   month % 12 + 1, (unsigned long long)r[i].at_start,
                   (unsigned long long)r[i].at_end, (unsigned long long)r[i].retained,
                   (unsigned long long)r[i].lost, (unsigned long long)r[i].acquired,
                   (unsigned long long)r[i].joined_and_left,
                   (unsigned long long)r[i].resurrected);
            if (r[i].rates_defined)
                printf("%.4f,%.4f,", r[i].churn_rate, r[i].retention_rate);
            else
                printf(",,");
            if (r[i].repeat_defined)
                printf("%.4f\n", r[i].repeat_rate);
            else
                printf("\n");
        }
    }
    free(r);
    return st == RT_OK ? 0 : fail(st);
}

/* Per customer: P(alive), expected purchases over the horizon (BG/NBD),
 * expected spend per purchase (Gamma-Gamma) and the lifetime value at the
 * margin, discounted weekly at --discount per week. Times in weeks; the
 * calibration ends on --as-of. */
static int cmd_clv(const cli *c, loaded *l)
{
    rt_rfm_options o;
    rt_rfm_options_init(&o, sizeof o);
    int status = as_of_day(c, l, &o.calibration_end_day);
    if (status)
        return status;
    size_t n;
    rt_status st = rt_cohort_rfm_customers(l->cohort, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                                           &n);
    if (st != RT_OK || n == 0)
        return fail(st != RT_OK ? st : RT_EUNDEFINED);
    uint64_t *ids = malloc(n * sizeof *ids), *x = malloc(n * sizeof *x);
    double *t_x = malloc(n * sizeof *t_x), *T = malloc(n * sizeof *T);
    double *spend = malloc(n * sizeof *spend);
    rt_rfm *rfm = NULL;
    rt_fit_report bg, gg;
    rt_fit_report_init(&bg, sizeof bg);
    rt_fit_report_init(&gg, sizeof gg);
    st = rt_cohort_rfm_customers(l->cohort, &o, ids, x, t_x, T, spend, NULL, n, &n);
    if (st == RT_OK)
        st = rt_rfm_new(NULL, &rfm);
    if (st == RT_OK)
        st = rt_cohort_rfm(l->cohort, &o, rfm);
    if (st == RT_OK)
        st = rt_bgnbd_fit(rfm, NULL, &bg);
    if (st == RT_OK)
        st = rt_gamma_gamma_fit(x, spend, n, NULL, &gg);
    if (st == RT_OK) {
        fprintf(stderr, "retention: BG/NBD r %.4f alpha %.4f a %.4f b %.4f; Gamma-Gamma p %.4f "
                "q %.4f gamma %.4f\n", bg.params[0], bg.params[1], bg.params[2], bg.params[3],
                gg.params[0], gg.params[1], gg.params[2]);
        printf("customer_id,x,t_x,T,p_alive,expected_purchases,expected_spend,clv\n");
        for (size_t i = 0; i < n && st == RT_OK; i++) {
            double alive, purchases, per_purchase;
            st = rt_bgnbd_p_alive(bg.params, x[i], t_x[i], T[i], &alive);
            if (st == RT_OK)
                st = rt_bgnbd_conditional_expected_purchases(bg.params, x[i], t_x[i], T[i],
                                                             c->horizon, &purchases);
            if (st == RT_OK)
                st = rt_gamma_gamma_expected_spend(gg.params, x[i], spend[i], &per_purchase);
            double value = 0.0;
            uint32_t steps = c->horizon < 1.0 ? 1u : (uint32_t)ceil(c->horizon);
            if (st == RT_OK)
                st = rt_clv_bgnbd_gg(bg.params, gg.params, x[i], t_x[i], T[i], spend[i],
                                     c->margin, c->discount, c->horizon, steps, &value);
            if (st == RT_OK)
                printf("%llu,%llu,%.4f,%.4f,%.4f,%.4f,%.2f,%.2f\n", (unsigned long long)ids[i],
                       (unsigned long long)x[i], t_x[i], T[i], alive, purchases, per_purchase,
                       value);
        }
    }
    rt_rfm_free(rfm);
    free(ids);
    free(x);
    free(t_x);
    free(T);
    free(spend);
    return st == RT_OK ? 0 : fail(st);
}

/* Key numbers at a glance, as name,value rows. */
static int cmd_summary(const cli *c, loaded *l)
{
    int32_t first, last, as_of;
    rt_metrics *m;
    int status = as_of_day(c, l, &as_of);
    if (status || compute(l, RT_PERIOD_DAY, &m))
        return status ? status : 1;
    rt_metrics_day_range(m, &first, &last);
    char a[32], b[32];
    format_day(first, a);
    format_day(last, b);
    uint64_t dau, mau;
    rt_metrics_active(m, last, &dau, NULL, &mau);
    printf("name,value\ncustomers,%llu\nevents,%llu\npurchases,%llu\nfirst_day,%s\n"
           "last_day,%s\ndau,%llu\nmau,%llu\nstickiness,%.4f\n",
           (unsigned long long)rt_cohort_customer_count(l->cohort),
           (unsigned long long)rt_cohort_event_count(l->cohort),
           (unsigned long long)rt_cohort_purchase_count(l->cohort), a, b,
           (unsigned long long)dau, (unsigned long long)mau,
           mau ? (double)dau / (double)mau : 0.0);
    rt_metrics_free(m);
    /* The last full calendar month before the last day. */
    int32_t y;
    uint32_t mo, d;
    sscanf(b, "%d-%u-%u", &y, &mo, &d);
    int32_t month_start, prev_start;
    rt_day_from_date(y, mo, 1, &month_start);
    rt_day_from_date(mo == 1 ? y - 1 : y, mo == 1 ? 12 : mo - 1, 1, &prev_start);
    rt_churn_result r;
    rt_churn_result_init(&r, sizeof r);
    if (rt_cohort_churn(l->cohort, prev_start, month_start - 1, 0, 0, &r) == RT_OK &&
        prev_start >= first) {
        char month[32];
        format_day(prev_start, month);
        month[7] = '\0';
        printf("churn_month,%s\n", month);
        if (r.rates_defined)
            printf("churn_rate,%.4f\nretention_rate,%.4f\n", r.churn_rate, r.retention_rate);
    }
    rt_frequency_options fo;
    rt_frequency_options_init(&fo, sizeof fo);
    fo.as_of_day = as_of;
    rt_frequency *f;
    if (rt_cohort_frequency(l->cohort, &fo, &f) == RT_OK) {
        uint64_t n[RT_FREQUENCY_BUCKETS], judged = 0;
        for (int k = 0; k < RT_FREQUENCY_BUCKETS; k++)
            rt_frequency_count(f, (rt_frequency_bucket)k, &n[k]);
        for (int k = RT_FREQUENCY_DAILY; k <= RT_FREQUENCY_FORGETTABLE; k++)
            judged += n[k];
        if (judged)
            printf("forgettable_share,%.4f\n",
                   (double)n[RT_FREQUENCY_FORGETTABLE] / (double)judged);
        rt_frequency_free(f);
    }
    rt_risk_options ro;
    rt_risk_options_init(&ro, sizeof ro);
    ro.as_of_day = as_of;
    size_t none;
    uint64_t at_risk;
    if (rt_cohort_at_risk(l->cohort, &ro, NULL, NULL, NULL, 0, &none, &at_risk) == RT_OK)
        printf("at_risk,%llu\n", (unsigned long long)at_risk);
    return 0;
}

static const struct {
    const char *name;
    command_fn run;
    const char *help;
} commands[] = {
    {"summary", cmd_summary, "customers, days, DAU/MAU on the last day, churn and CRR of the "
                             "last full month, forgettable-zone share, customers at risk"},
    {"activity", cmd_activity, "day,dau,wau,mau,stickiness for every day of the log"},
    {"cohorts", cmd_cohorts, "cohort,offset,size,active,rate; censored cells empty "
                             "(--period day|week|month, --kind exact|on-or-after)"},
    {"survival", cmd_survival, "Kaplan-Meier: day,at_risk,ended,survival,lower,upper"},
    {"lifecycle", cmd_lifecycle, "period,new,returning,resurrecting,dormant (--period)"},
    {"churn", cmd_churn, "month by month: customers at start and end, lost, acquired, "
                         "churn, CRR, repeat-purchase rate"},
    {"at-risk", cmd_at_risk, "customers at risk with reasons, most valuable first "
                             "(--top N, --as-of DATE)"},
    {"clv", cmd_clv, "BG/NBD + Gamma-Gamma fitted on the purchases up to --as-of; per "
                     "customer P(alive), expected purchases and spend over --horizon weeks (52),"
                     " CLV at --margin (0.3), discounted at --discount per week (0)"},
    {"report", cmd_report, "everything in one self-contained HTML page (--html FILE, default "
                           "retention-report.html); with no FILE, on a bundled sample log"},
    {"frequency", cmd_frequency, "usage buckets per segment, forgettable segments flagged "
                                 "(--as-of DATE, default the last day)"},
};
enum { COMMANDS = sizeof commands / sizeof commands[0] };

static void usage(FILE *out)
{
    fprintf(out, "usage: retention COMMAND [OPTIONS] [FILE]\n\n"
                 "Reads an event log (CSV with a header row; FILE '-' or none: standard "
                 "input)\nand prints a retention report as CSV.\n\nCommands:\n");
    for (int i = 0; i < COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\nOptions:\n"
                 "  --id-column NAME       customer ids, whole numbers (customer_id)\n"
                 "  --time-column NAME     Unix seconds, ISO 8601 date-times or dates "
                 "(timestamp)\n"
                 "  --amount-column NAME   purchase amounts, if the column exists (amount)\n"
                 "  --segment-column NAME  segment names, if the column exists (segment)\n"
                 "  --utc-offset SECONDS   offset of the days and of times without one (0)\n"
                 "  --period day|week|month, --kind exact|on-or-after, --as-of DATE, --top N\n"
                 "  --html FILE            where report writes its page (- for stdout)\n"
                 "  --skip-bad-rows        count bad rows instead of failing\n"
                 "  --help                 this text\n");
}

static const char *value_of(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static int parse_args(int argc, char **argv, cli *c)
{
    for (int i = 2; i < argc; i++) {
        const char *v;
        if ((v = value_of(argc, argv, &i, "--id-column")))
            c->load.id_column = v;
        else if ((v = value_of(argc, argv, &i, "--time-column")))
            c->load.time_column = v;
        else if ((v = value_of(argc, argv, &i, "--amount-column")))
            c->load.amount_column = v;
        else if ((v = value_of(argc, argv, &i, "--segment-column")))
            c->load.segment_column = v;
        else if ((v = value_of(argc, argv, &i, "--utc-offset")))
            c->load.utc_offset = (int32_t)atoi(v);
        else if ((v = value_of(argc, argv, &i, "--as-of")))
            c->as_of = v;
        else if ((v = value_of(argc, argv, &i, "--html")))
            c->html = v;
        else if ((v = value_of(argc, argv, &i, "--horizon")))
            c->horizon = strtod(v, NULL);
        else if ((v = value_of(argc, argv, &i, "--discount")))
            c->discount = strtod(v, NULL);
        else if ((v = value_of(argc, argv, &i, "--margin")))
            c->margin = strtod(v, NULL);
        else if ((v = value_of(argc, argv, &i, "--top")))
            c->top = (size_t)strtoull(v, NULL, 10);
        else if ((v = value_of(argc, argv, &i, "--period"))) {
            if (strcmp(v, "day") && strcmp(v, "week") && strcmp(v, "month"))
                return fprintf(stderr, "retention: --period %s: day, week or month\n", v), 0;
            c->period = v[0] == 'd' ? RT_PERIOD_DAY : v[0] == 'w' ? RT_PERIOD_WEEK
                                                                  : RT_PERIOD_MONTH;
        } else if ((v = value_of(argc, argv, &i, "--kind"))) {
            if (strcmp(v, "exact") && strcmp(v, "on-or-after"))
                return fprintf(stderr, "retention: --kind %s: exact or on-or-after\n", v), 0;
            c->kind = v[0] == 'e' ? RT_RETENTION_EXACT : RT_RETENTION_ON_OR_AFTER;
        } else if (strcmp(argv[i], "--skip-bad-rows") == 0)
            c->load.skip_bad_rows = 1;
        else if (argv[i][0] == '-' && argv[i][1] != '\0')
            return fprintf(stderr, "retention: unknown option %s (see --help)\n", argv[i]), 0;
        else if (c->load.path == NULL)
            c->load.path = argv[i];
        else
            return fprintf(stderr, "retention: more than one file\n"), 0;
    }
    return 1;
}

/* The sample log installed with the command, else the source tree's. */
static const char *bundled_sample(void)
{
    FILE *f = fopen(RETENTION_SAMPLE, "r");
    if (f != NULL) {
        fclose(f);
        return RETENTION_SAMPLE;
    }
    return RETENTION_SAMPLE_SOURCE;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (int i = 0; i < COMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        if (argc > 2 && strcmp(argv[2], "--help") == 0) {
            printf("usage: retention %s [OPTIONS] [FILE]\n%s\n", commands[i].name,
                   commands[i].help);
            return 0;
        }
        cli c = {.load = {NULL, "customer_id", "timestamp", "amount", "segment", 0, 0},
                 .period = RT_PERIOD_DAY, .kind = RT_RETENTION_EXACT, .top = 20,
                 .margin = 0.3, .horizon = 52.0};
        if (!parse_args(argc, argv, &c))
            return 2;
        if (commands[i].run == cmd_report && c.load.path == NULL)
            c.load.path = bundled_sample();  /* the first contact: no file needed */
        loaded l;
        if (!load_events(&c.load, &l))
            return 1;
        if (l.bad_rows > 0)
            fprintf(stderr, "retention: skipped %ld bad rows of %ld\n", l.bad_rows,
                    l.rows + l.bad_rows);
        int status = commands[i].run(&c, &l);
        loaded_free(&l);
        return status;
    }
    fprintf(stderr, "retention: unknown command '%s' (see --help)\n", argv[1]);
    return 2;
}
