/* retention: retention reports from an event log (CSV).
 * usage: retention COMMAND [OPTIONS] [FILE]     (FILE "-" or none: stdin)
 * This file reads the command line and dispatches; the subcommands are in
 * commands_*.c and report.c. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <retention.h>

#include "commands.h"

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
                         "churn, CRR, repeat-purchase rate"},
    {"at-risk", cmd_at_risk, "customers at risk with reasons, most valuable first "
                             "(--top N, --as-of DATE)"},
    {"clv", cmd_clv, "BG/NBD + Gamma-Gamma fitted on the purchases up to --as-of; per "
                     "customer P(alive), expected purchases and spend over --horizon weeks (52),"
                     " CLV at --margin (0.3), discounted at --discount per week (0); with "
                     "--top N the N most valuable, most valuable first"},
    {"report", cmd_report, "everything in one self-contained HTML page (--html FILE, default "
                           "retention-report.html); with no FILE, on a bundled sample log"},
    {"frequency", cmd_frequency, "usage buckets per segment, forgettable segments flagged "
                                 "(--as-of DATE, default the last day)"},
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
    "  --amount-column NAME   purchase amounts, if the column exists (amount)\n"
    "  --segment-column NAME  segment names, if the column exists (segment)\n"
    "  --utc-offset SECONDS   offset of the days and of times without one (0)\n"
    "  --period day|week|month, --kind exact|on-or-after, --as-of DATE, --top N\n"
    "  --horizon WEEKS, --margin SHARE, --discount RATE   for clv\n"
    "  --format csv|json|text how tables print (csv); json: one array of objects,\n"
    "                         unknown cells null; text: aligned columns, unknown '-'\n"
    "  --html FILE            where report writes its page (- for stdout)\n"
    "  --progress             show the progress of reading the log on stderr\n"
    "  --skip-bad-rows        count bad rows instead of failing\n"
    "  --help                 this text\n"
    "\nExit status: 0 on success, 1 when the input or a computation fails, 2 for a bad\n"
    "command line.\n";

static void usage(FILE *out)
{
    fprintf(out, "usage: retention COMMAND [OPTIONS] [FILE]\n\n"
                 "Reads an event log (CSV with a header row; FILE '-' or none: standard "
                 "input)\nand prints a retention report as CSV (or --format json|text).\n\n"
                 "Commands:\n");
    for (int i = 0; i < COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\n%s", options_help);
}

static void command_usage(const command *cmd)
{
    printf("usage: retention %s [OPTIONS] [FILE]\n%s\n\n%s", cmd->name, cmd->help, options_help);
}

/* The options, each setting the field of a cli at its offset. */
typedef enum option_kind {
    OPT_TEXT, OPT_UTC_OFFSET, OPT_COUNT, OPT_REAL, OPT_PERIOD, OPT_KIND, OPT_FORMAT, OPT_FLAG,
    OPT_TIME_FORMAT
} option_kind;

typedef struct option {
    const char *name;
    option_kind kind;
    size_t offset;
} option;

static const option options[] = {
    {"--id-column", OPT_TEXT, offsetof(cli, load.id_column)},
    {"--time-column", OPT_TEXT, offsetof(cli, load.time_column)},
    {"--time-format", OPT_TIME_FORMAT, offsetof(cli, load.time_format)},
    {"--amount-column", OPT_TEXT, offsetof(cli, load.amount_column)},
    {"--segment-column", OPT_TEXT, offsetof(cli, load.segment_column)},
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
};
enum { OPTIONS = sizeof options / sizeof options[0] };

static int bad_value(const option *o, const char *v, const char *expected)
{
    fprintf(stderr, "retention: %s %s: %s\n", o->name, v, expected);
    return 0;
}

static int set_number(const option *o, const char *v, void *field)
{
    char *end;
    errno = 0;
    if (o->kind == OPT_REAL) {
        double x = strtod(v, &end);
        if (*v == '\0' || *end != '\0' || !isfinite(x))
            return bad_value(o, v, "not a number");
        *(double *)field = x;
    } else if (o->kind == OPT_COUNT) {
        unsigned long long n = strtoull(v, &end, 10);
        if (*v == '\0' || *end != '\0' || *v == '-' || errno || n > SIZE_MAX / 16)
            return bad_value(o, v, "not a whole number");
        *(size_t *)field = (size_t)n;
    } else {
        long seconds = strtol(v, &end, 10);
        if (*v == '\0' || *end != '\0' || errno || labs(seconds) > 18 * 3600)
            return bad_value(o, v, "not whole seconds within 18 hours of UTC");
        *(int32_t *)field = (int32_t)seconds;
    }
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
    case OPT_TIME_FORMAT: {
        const char *why = time_format_parse(v, (time_format *)field);
        return why ? bad_value(o, v, why) : 1;
    }
    default:
        return set_number(o, v, field);
    }
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

/* Loads the log, runs the command, and makes sure its output was written. */
static int run(const command *cmd, cli *c, const char *argv0)
{
    if (cmd->run == cmd_report && c->load.path == NULL)
        c->load.path = bundled_sample(argv0);  /* the first contact: no file needed */
    loaded l;
    if (!load_events(&c->load, &l))
        return 1;
    if (l.bad_rows > 0)
        fprintf(stderr, "retention: skipped %ld bad rows of %ld\n", l.bad_rows,
                l.rows + l.bad_rows);
    int status = cmd->run(c, &l);
    loaded_free(&l);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "retention: writing the output: %s\n", strerror(errno));
        return 1;
    }
    return status;
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
        cli c = {.load = {NULL, "customer_id", "timestamp", "amount", "segment", 0, 0, 0,
                          {TIME_AUTO, NULL}},
                 .period = RT_PERIOD_DAY, .kind = RT_RETENTION_EXACT, .top = TOP_UNSET,
                 .margin = 0.3, .horizon = 52.0, .format = TABLE_CSV, .out = stdout};
        parse_result r = parse_args(argc, argv, &c);
        if (r == PARSE_HELP)
            command_usage(&commands[i]);
        return r == PARSE_HELP ? 0 : r == PARSE_ERROR ? 2 : run(&commands[i], &c, argv[0]);
    }
    fprintf(stderr, "retention: unknown command '%s' (see --help)\n", argv[1]);
    return 2;
}
