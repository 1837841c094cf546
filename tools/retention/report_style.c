/* The page's one style sheet. Okabe-Ito colours (safe for the common
 * colour-vision deficiencies), dark mode from the system's preference, a
 * single column that reflows from a phone to a wide screen, and A4 print
 * without the screen's backgrounds. */
#include "report.h"

/* Colours, light and dark. */
static const char colours[] =
    ":root{--fg:#1b1b1b;--muted:#555;--bg:#fff;--line:#ccc;--grid:#e6e6e6;"
    "--c0:#0072b2;--c1:#d55e00;--c2:#009e73;--c3:#cc79a7;--alert:#d55e00;"
    "--heat:0,114,178;--warm:rgba(128,128,128,.18);--cens:#bbb}"
    "@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#aaa;--bg:#15171a;"
    "--line:#444;--grid:#2c2f33;--c0:#56b4e9;--c1:#e69f00;--c2:#35c29a;--c3:#e08fc0;"
    "--alert:#e69f00;--heat:86,180,233;--warm:rgba(200,200,200,.14);--cens:#666}}"
    ;

/* The page: type, headings, the single column and its wide-screen grid. */
static const char page[] =
    "*{box-sizing:border-box}"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);"
    "background:var(--bg);margin:0 auto;padding:12px 16px 40px;max-width:1100px}"
    /* wide screens: the charts two by two, tables and notes across */
    "@media (min-width:1200px){body{max-width:1560px}section{display:grid;"
    "grid-template-columns:repeat(2,minmax(0,1fr));gap:0 40px;align-items:start}"
    "section>*{grid-column:1/-1}section>figure.chart:not(#cohorts){grid-column:auto}}"
    "h1{font-size:1.6em;margin:.4em 0 .1em}h2{font-size:1.25em;margin:1.6em 0 .4em;"
    "border-bottom:1px solid var(--line);padding-bottom:.2em}"
    "p,li,figcaption{overflow-wrap:anywhere}.muted,.explain{color:var(--muted)}"
    ".explain{display:block;font-size:.9em}"
    ;

/* Charts and their legends. */
static const char charts[] =
    "figure.chart{margin:1em 0;max-width:720px}figure#cohorts{max-width:none}"
    "svg.plot{display:block;width:100%;height:auto;overflow:hidden}"
    "svg text{fill:var(--fg);font-family:inherit}svg .tick,svg .value{font-size:11px}"
    "svg .axis-label{font-size:12px;fill:var(--muted)}"
    "svg .grid{stroke:var(--grid)}svg .axis{stroke:var(--muted)}"
    "svg .line{fill:none;stroke-width:2}svg .dashed{stroke-dasharray:6 4}"
    "svg .band{stroke:none;opacity:.22}svg .warmup{fill:var(--warm)}"
    "svg .hover{fill:transparent}svg .hover:hover{fill:var(--warm)}"
    "svg .bar{fill:var(--c0)}svg .bar.flag{fill:var(--alert)}"
    ".c0{stroke:var(--c0);fill:var(--c0)}.c1{stroke:var(--c1);fill:var(--c1)}"
    ".c2{stroke:var(--c2);fill:var(--c2)}.c3{stroke:var(--c3);fill:var(--c3)}"
    "svg path.line{fill:none}"
    "ul.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;"
    "gap:.2em 1.2em;font-size:.9em}"
    ".swatch{display:inline-block;width:1.6em;height:.8em;margin-right:.4em;"
    "vertical-align:middle;border-radius:2px}"
    ".swatch.line{height:3px}.swatch.line.dashed{background:none!important;"
    "border-top:3px dashed var(--c1);height:0}"
    /* a dashed line of another colour (a fifth group and on) */
    ".swatch.dashed.c0{border-top-color:var(--c0)}.swatch.dashed.c2{border-top-color:var(--c2)}"
    ".swatch.dashed.c3{border-top-color:var(--c3)}"
    ".swatch.c0{background:var(--c0)}.swatch.c1{background:var(--c1)}"
    ".swatch.c2{background:var(--c2)}.swatch.c3{background:var(--c3)}"
    ".swatch.band{opacity:.3}.swatch.warmup{background:var(--warm);border:1px solid var(--line)}"
    ".swatch.bar{background:var(--c0)}.swatch.bar.flag{background:var(--alert)}"
    ".swatch.heat{width:8em;background:linear-gradient(90deg,rgba(var(--heat),.06),"
    "rgba(var(--heat),.9))}"
    ".swatch.first{background:var(--grid);border:1px solid var(--line)}"
    ".swatch.censored,td.censored{background:repeating-linear-gradient(135deg,transparent 0 3px,"
    "var(--cens) 3px 4px)}"
    ;

/* Tables: key figures, cohorts, segments, and the subcommands' own. */
static const char tables[] =
    ".scroll{max-width:100%;overflow-x:auto}"
    /* The at-risk action list: a number stays whole on a phone, the reasons
     * and headings wrap between words. */
    ".actions td.n{white-space:nowrap}.actions th{overflow-wrap:normal;vertical-align:bottom}"
    ".actions td:nth-child(2){overflow-wrap:normal;min-width:6em}"
    ".actions td,.actions th{padding:3px 5px}"
    /* compare's and revenue's tables of numbers: a number stays whole, a
     * heading wraps after its underscores; the table scrolls on a phone */
    ".numbers td{white-space:nowrap}.numbers th{overflow-wrap:normal;vertical-align:bottom}"
    ".numbers td,.numbers th{padding:3px 5px}"
    "table{border-collapse:collapse;margin:.6em 0;font-size:.85em}"
    "th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:left;"
    "overflow-wrap:anywhere}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "table.figures{max-width:760px;width:100%}table.figures td:nth-child(2){white-space:nowrap;"
    "font-weight:600;text-align:right}table.figures td:nth-child(3){color:var(--muted)}"
    "table.cohorts{font-size:.78em}table.cohorts td,table.cohorts th{padding:3px 5px;"
    "text-align:right;white-space:nowrap;border-bottom:1px solid var(--bg)}"
    "table.cohorts th:first-child,table.cohorts td:first-child{text-align:left;position:sticky;"
    "left:0;background:var(--bg)}"
    "table.cohorts td.first{background:var(--grid)}table.cohorts td.dark{color:#fff}"
    "table.segments td.flag{color:var(--alert);font-weight:600}"
    ".callout{border-left:4px solid var(--alert);padding:.3em .8em;margin:.6em 0}"
    ;

/* Phones, and paper. */
static const char narrow_and_print[] =
    "@media (max-width:520px){body{font-size:14px;padding:8px 10px 30px}"
    "table.figures td{display:block;border:0;padding:1px 4px;text-align:left!important}"
    "table.figures tr{display:block;border-bottom:1px solid var(--line);padding:4px 0}"
    "table.figures th{display:none}"
    /* the charts shrink to about 0.7 of their viewBox: larger type keeps
       their labels readable (the layout leaves room for it) */
    "svg .tick,svg .value{font-size:14px}svg .axis-label{font-size:14px}}"
    "@media print{@page{size:A4;margin:14mm}body{max-width:none;font-size:10pt;"
    "color:#000;background:#fff;padding:0}"
    ":root{--fg:#000;--bg:#fff;--muted:#444}figure,table{break-inside:avoid}"
    "h2{break-after:avoid}.scroll{overflow:visible}svg .hover{display:none}"
    "table.cohorts td{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    /* paper is 18 cm wide: the cohort table keeps its first 12 weeks */
    "table.cohorts{font-size:6.5pt}table.cohorts td,table.cohorts th{padding:1px 2px}"
    "table.cohorts th:nth-child(n+15),table.cohorts td:nth-child(n+15){display:none}"
    ".numbers table{font-size:6pt}.numbers td,.numbers th{padding:1px 1.5px}"
    ".numbers td{white-space:normal}"  /* a number breaks only if the paper is too narrow */
    ".print-only{display:block!important}}.print-only{display:none}";

void page_style(FILE *out)
{
    fputs("<style>", out);
    fputs(colours, out);
    fputs(page, out);
    fputs(charts, out);
    fputs(tables, out);
    fputs(narrow_and_print, out);
    fputs("</style>", out);
}
