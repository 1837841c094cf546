#!/usr/bin/python3
"""The report's page in a real headless Chromium, with nothing but Debian
packages: Python's standard library talks the Chrome DevTools Protocol to
Debian's /usr/bin/chromium over a pair of pipes (--remote-debugging-pipe).

At 375, 1280 and 1920 px it checks, from the rendered layout: no two text
boxes overlap, nothing overflows the viewport horizontally, every chart has
axis labels, role=img, a <title> and a <desc>, and the cohort table's last
row is the newest cohort week, computed here from the CSV log itself.
Printed (the print style sheet on a page as wide as A4 less the page's 14 mm
margins, 182 mm = 687 CSS px) no element ends beyond that width.

usage: check_layout.py RETENTION SAMPLE_CSV CDNOW_CSV TINY_CSV
           [--screenshot DIR] [--inject-css CSS] [--chromium PATH]

--screenshot DIR  also saves each page, whole, as DIR/<case>-<width>.png.
                  docs/report.png is the bundled sample at 1280 px:
                    check_layout.py ... --screenshot /tmp/shots
                    pngquant --force --output docs/report.png /tmp/shots/sample-1280.png
--inject-css CSS  debugging: adds <style>CSS</style> to every generated page
                  before loading it, to see the checks fail:
                  'body{min-width:600px}' overflows at 375 px,
                  'h2{margin-bottom:-1.2em}' overlaps headings and text,
                  '@media print{table{min-width:900px}}' is too wide for A4.
--chromium PATH   the browser (default: $CHROMIUM, else /usr/bin/chromium).

Exit 0: all good; 1: a check failed or the browser misbehaved (every wait
on it has a timeout, and it is killed at the end); 77 (meson's skip): no
chromium.
"""
import argparse
import base64
import csv
import datetime
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

WIDTHS = (375, 1280, 1920)
VIEWPORT_HEIGHT = 900
A4_CONTENT_WIDTH = int((210 - 2 * 14) / 25.4 * 96)  # 687 CSS px (687.9)
PRINT_HEIGHT = 1000
WAIT_SECONDS = 30      # for any one answer or event from the browser
RUN_SECONDS = 240      # for the whole run, however many waits it takes
CLOSE_SECONDS = 5      # for the browser to exit once asked to


class BrowserError(Exception):
    """The browser did not answer in time, answered with an error, or died."""


class Stopped(BaseException):
    """SIGTERM, SIGINT or SIGHUP, e.g. meson's timeout: the browser, in a
    session of its own, is killed on the way out all the same."""


def stop(signum, _frame):
    raise Stopped(f"stopped by signal {signum}")


# ---------------------------------------------------------------- the log

def parse_day(text):
    """The UTC day number (days since 1970-01-01) of a log's time cell: Unix
    seconds, a date, or an ISO 8601 date-time (UTC unless it has an offset,
    as the tool reads it with the default --utc-offset 0)."""
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text) // 86400
    if len(text) == 10:
        moment = datetime.datetime.strptime(text, "%Y-%m-%d").replace(
            tzinfo=datetime.timezone.utc)
    else:
        moment = datetime.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp() // 86400)


def newest_cohort_week(csv_path, id_column, time_column):
    """The newest cohort week of a log: the Monday (ISO weeks, UTC days) of
    the latest first active day of any customer, as YYYY-MM-DD."""
    first_day = {}
    with open(csv_path, newline="", encoding="utf-8") as log:
        for row in csv.DictReader(log):
            day = parse_day(row[time_column])
            customer = row[id_column]
            if customer not in first_day or day < first_day[customer]:
                first_day[customer] = day
    newest = datetime.date(1970, 1, 1) + datetime.timedelta(days=max(first_day.values()))
    return (newest - datetime.timedelta(days=newest.weekday())).isoformat()


# ------------------------------------------------------------ the browser

def _dup_high(fd):
    """A close-on-exec copy of fd numbered 10 or more, so that moving it to
    3 or 4 in the child cannot overwrite the other pipe end."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """Chromium with --remote-debugging-pipe: it reads the protocol's JSON
    messages, each ended by a NUL byte, from fd 3 and writes its own to fd 4."""

    def __init__(self, executable, deadline):
        self.deadline = deadline
        self.profile = tempfile.mkdtemp(prefix="retention-layout-profile-")
        self.log_path = os.path.join(self.profile, "chromium.log")
        self.next_id = 0
        self.buffer = b""
        self.events = []
        self.proc = None
        self.hung = False  # then close() does not wait for it to quit
        browser_reads, self.to_browser = os.pipe()
        self.from_browser, browser_writes = os.pipe()
        browser_reads, browser_writes = _dup_high(browser_reads), _dup_high(browser_writes)

        def give_the_pipes_fds_3_and_4():
            # dup2 clears close-on-exec on the copies; the originals close
            os.dup2(browser_reads, 3)
            os.dup2(browser_writes, 4)

        try:
            with open(self.log_path, "wb") as log:
                self.proc = subprocess.Popen(
                    [executable, "--headless=new", "--no-sandbox", "--remote-debugging-pipe",
                     "--user-data-dir=" + self.profile, "--hide-scrollbars", "--disable-gpu",
                     "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                     "--disable-extensions", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--mute-audio",
                     "--force-color-profile=srgb", "about:blank"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                    # its crash reports (crashpad runs whatever the flags say)
                    # and caches in the profile too, not in $HOME
                    env=dict(os.environ, XDG_CONFIG_HOME=self.profile,
                             XDG_CACHE_HOME=self.profile),
                    # close_fds would close 3 and 4 after preexec_fn; Python's
                    # own descriptors are close-on-exec anyway
                    close_fds=False, preexec_fn=give_the_pipes_fds_3_and_4,
                    # its own process group, so that killing it kills the
                    # renderers and the zygote as well
                    start_new_session=True)
        except BaseException:
            self.close()
            raise
        finally:
            os.close(browser_reads)
            os.close(browser_writes)

    def _remaining(self, limit):
        left = min(limit, self.deadline - time.monotonic())
        if left <= 0:
            raise BrowserError(f"the run took longer than {RUN_SECONDS} s")
        return left

    def _log_tail(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return "".join(log.readlines()[-15:])
        except OSError:
            return ""

    def _read_message(self, until):
        """The next message from the browser, or BrowserError at `until`."""
        while b"\0" not in self.buffer:
            left = until - time.monotonic()
            if left <= 0:
                self.hung = True
                raise BrowserError(f"no answer from chromium in time ({WAIT_SECONDS} s a wait, "
                                   f"{RUN_SECONDS} s a run)")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed its pipe (it died?); its log:\n"
                                   + self._log_tail())
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=WAIT_SECONDS):
        """Sends a command and returns its result; events that arrive in the
        meantime are kept for wait_event."""
        until = time.monotonic() + self._remaining(timeout)
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            _, ready, _ = select.select([], [self.to_browser], [],
                                        max(0.0, until - time.monotonic()))
            if not ready:
                self.hung = True
                raise BrowserError(f"chromium does not read {method}")
            try:
                data = data[os.write(self.to_browser, data[:4096]):]
            except BrokenPipeError:
                raise BrowserError(f"{method}: chromium closed its pipe (it died?); its log:\n"
                                   + self._log_tail()) from None
        while True:
            try:
                answer = self._read_message(until)
            except BrowserError as e:
                raise BrowserError(f"{method}: {e}") from None
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append(answer)

    def wait_event(self, method, session, timeout=WAIT_SECONDS):
        until = time.monotonic() + self._remaining(timeout)
        while True:
            for i, event in enumerate(self.events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            try:
                self.events.append(self._read_message(until))
            except BrowserError as e:
                raise BrowserError(f"waiting for {method}: {e}") from None

    def close(self):
        """Asks the browser to quit, then kills whatever of it is left, and
        removes its profile. Never raises."""
        try:
            stopping = isinstance(sys.exc_info()[1], Stopped)
            if self.proc and self.proc.poll() is None and not (self.hung or stopping):
                try:
                    self.send("Browser.close", timeout=CLOSE_SECONDS)
                except (BrowserError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=CLOSE_SECONDS)
                except subprocess.TimeoutExpired:
                    pass
            if self.proc:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)  # stragglers too
                except (ProcessLookupError, PermissionError):
                    pass
                try:
                    self.proc.wait(timeout=CLOSE_SECONDS)
                except subprocess.TimeoutExpired:
                    print(f"# chromium {self.proc.pid} survived SIGKILL", file=sys.stderr)
        finally:
            for fd in (self.to_browser, self.from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self.profile, ignore_errors=True)


class Tab:
    """A page in its own target, attached with a flat session."""

    def __init__(self, browser, width, height):
        self.browser = browser
        self.target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget",
                                    {"targetId": self.target, "flatten": True})["sessionId"]
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def send(self, method, params=None):
        return self.browser.send(method, params, session=self.session)

    def goto(self, url):
        answer = self.send("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise BrowserError(f"{url}: {answer['errorText']}")
        # a late load event of the first about:blank must not pass for ours
        while True:
            self.browser.wait_event("Page.loadEventFired", self.session)
            if self.evaluate(f"location.href === {json.dumps(url)} && "
                             "document.readyState === 'complete'"):
                return

    def evaluate(self, expression):
        """The value of a JavaScript expression (a promise is awaited)."""
        answer = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in answer:
            details = answer["exceptionDetails"]
            raise BrowserError("page script failed: " + details.get("exception", {}).get(
                "description", details.get("text", "")))
        return answer["result"].get("value")

    def screenshot(self, path):
        """The whole page, not only the viewport."""
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}})
        with open(path, "wb") as png:
            png.write(base64.b64decode(shot["data"]))

    def close(self):
        self.browser.send("Target.closeTarget", {"targetId": self.target})


# --------------------------------------------------------- in the page

# Every rendered text box with what it says, the charts, the page's width and
# the cohort table's last row. Waits for the fonts, so the boxes are final.
COLLECT_LAYOUT = r"""
document.fonts.ready.then(() => {
  const boxes = [];
  const skip = new Set(['TITLE', 'DESC', 'STYLE', 'SCRIPT', 'title', 'desc', 'style']);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.nodeValue.trim()) continue;
    const parent = node.parentElement;
    if (skip.has(parent.tagName) || parent.closest('svg')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects())
      if (r.width > 0 && r.height > 0)
        boxes.push({ text: node.nodeValue.trim().slice(0, 40), x: r.left, y: r.top, w: r.width, h: r.height });
  }
  for (const t of document.querySelectorAll('svg text')) {
    const r = t.getBoundingClientRect();
    if (r.width > 0 && r.height > 0)
      boxes.push({ text: 'svg:' + t.textContent.slice(0, 40), x: r.left, y: r.top, w: r.width, h: r.height });
  }
  const charts = [...document.querySelectorAll('svg')].map((svg) => ({
    id: svg.closest('figure') ? svg.closest('figure').id : '(no figure)',
    role: svg.getAttribute('role'),
    title: svg.querySelector(':scope > title') ? svg.querySelector(':scope > title').textContent : '',
    desc: svg.querySelector(':scope > desc') ? svg.querySelector(':scope > desc').textContent : '',
    axisLabels: [...svg.querySelectorAll('.axis-label')].map((e) => e.textContent.trim()).filter((s) => s),
  }));
  const rows = [...document.querySelectorAll('table.cohorts tbody tr th.cohort')];
  return {
    boxes,
    charts,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    lastCohort: rows.length ? rows[rows.length - 1].textContent.trim() : null,
  };
})
"""

# Where the rightmost element of the body ends.
WIDEST_ELEMENT = r"""
document.fonts.ready.then(() => Math.max(...[...document.querySelectorAll('body *')]
  .map((e) => e.getBoundingClientRect().right)))
"""


# ------------------------------------------------------------ the checks

def overlaps(boxes):
    """Pairs of boxes that overlap by more than a pixel both ways."""
    found = []
    ordered = sorted(boxes, key=lambda box: box["y"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b["y"] >= a["y"] + a["h"] - 1:
                break
            dx = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            dy = min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"])
            if dx > 1 and dy > 1:
                found.append((a, b))
    return found


def layout_problems(layout, expected_cohort):
    problems = [f"text overlaps: {json.dumps(a)} and {json.dumps(b)}"
                for a, b in overlaps(layout["boxes"])[:10]]
    if layout["scrollWidth"] > layout["innerWidth"]:
        problems.append(f"page is {layout['scrollWidth']} px wide in a "
                        f"{layout['innerWidth']} px viewport")
    charts = layout["charts"]
    if len(charts) < 4:
        problems.append(f"only {len(charts)} charts")
    for chart in charts:
        if len(chart["axisLabels"]) < 2:
            problems.append(f"chart {chart['id']}: axis labels {json.dumps(chart['axisLabels'])}")
        if chart["role"] != "img" or not chart["title"] or not chart["desc"]:
            problems.append(f"chart {chart['id']}: no role=img, <title> and <desc>")
    if layout["lastCohort"] != expected_cohort:
        problems.append(f"newest cohort shown is {layout['lastCohort']}, "
                        f"the log's is {expected_cohort}")
    return problems


def report(ok, line, problems=()):
    print(f"{'ok' if ok else 'not ok'} - {line}")
    for problem in problems:
        print("#   " + problem)
    sys.stdout.flush()
    return ok


def check_width(browser, case, url, width, shots):
    tab = Tab(browser, width, VIEWPORT_HEIGHT)
    tab.goto(url)
    layout = tab.evaluate(COLLECT_LAYOUT)
    if shots:
        tab.screenshot(os.path.join(shots, f"{case['name']}-{width}.png"))
    tab.close()
    problems = layout_problems(layout, case["expected"])
    return report(not problems,
                  f"{case['name']} at {width} px ({len(layout['boxes'])} text boxes, "
                  f"{len(layout['charts'])} charts, newest cohort {layout['lastCohort']})",
                  problems)


def check_print(browser, case, url):
    tab = Tab(browser, A4_CONTENT_WIDTH, PRINT_HEIGHT)
    tab.send("Emulation.setEmulatedMedia", {"media": "print"})
    tab.goto(url)
    widest = tab.evaluate(WIDEST_ELEMENT)
    tab.close()
    return report(widest <= A4_CONTENT_WIDTH + 1,
                  f"{case['name']} printed on A4: widest element ends at "
                  f"{round(widest)} px of {A4_CONTENT_WIDTH}")


# ---------------------------------------------------------------- main

def make_page(tool, args, path, css):
    done = subprocess.run([tool, "report", "--html", path] + args, capture_output=True,
                          text=True, timeout=120, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"retention report {' '.join(args)} failed: {done.stderr}")
    if css:
        with open(path, encoding="utf-8") as page:
            html = page.read()
        with open(path, "w", encoding="utf-8") as page:
            page.write(html.replace("</head>", f"<style>{css}</style></head>", 1))


def require_sections(path, ids):
    """The sections the options add are on the page (else nothing of them
    would be checked)."""
    with open(path, encoding="utf-8") as page:
        html = page.read()
    missing = [i for i in ids if f'<section id="{i}">' not in html]
    if missing:
        raise RuntimeError(f"{path}: no section {', '.join(missing)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("retention")
    parser.add_argument("sample_csv")
    parser.add_argument("cdnow_csv")
    parser.add_argument("tiny_csv")
    parser.add_argument("groups_csv")
    parser.add_argument("subscriptions_csv")
    parser.add_argument("--screenshot", metavar="DIR")
    parser.add_argument("--inject-css", metavar="CSS")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    opts = parser.parse_args()
    if not os.access(opts.chromium, os.X_OK):
        print(f"SKIP: no {opts.chromium}")
        return 77
    cases = [
        # the bundled sample: no FILE
        {"name": "sample", "args": [],
         "expected": newest_cohort_week(opts.sample_csv, "customer_id", "timestamp")},
        {"name": "cdnow", "args": ["--id-column", "masterid", "--time-column", "date",
                                   "--amount-column", "sales", opts.cdnow_csv],
         "expected": newest_cohort_week(opts.cdnow_csv, "masterid", "date")},
        # a month: short date ticks, no purchases, no segments
        {"name": "tiny", "args": [opts.tiny_csv],
         "expected": newest_cohort_week(opts.tiny_csv, "customer_id", "timestamp")},
        # two arms compared and a subscription log: the groups' chart and
        # table, the MRR chart and the 16-column months table
        {"name": "groups-revenue",
         "args": ["--group-column", "arm", "--subscriptions", opts.subscriptions_csv,
                  opts.groups_csv],
         "expected": newest_cohort_week(opts.groups_csv, "customer_id", "timestamp"),
         "sections": ["groups", "revenue"]},
    ]
    if opts.screenshot:
        os.makedirs(opts.screenshot, exist_ok=True)
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop)
    started = time.monotonic()
    pages = tempfile.mkdtemp(prefix="retention-layout-")
    browser = None
    ok, count = True, 0
    print(f"1..{len(cases) * (len(WIDTHS) + 1)}")
    try:
        browser = Browser(opts.chromium, started + RUN_SECONDS)
        for case in cases:
            path = os.path.join(pages, case["name"] + ".html")
            make_page(opts.retention, case["args"], path, opts.inject_css)
            require_sections(path, case.get("sections", []))
            url = "file://" + path
            for width in WIDTHS:
                ok = check_width(browser, case, url, width, opts.screenshot) and ok
                count += 1
            ok = check_print(browser, case, url) and ok
            count += 1
    except (BrowserError, RuntimeError, OSError, subprocess.TimeoutExpired, Stopped) as e:
        print(f"not ok - {e}")
        ok = False
    finally:
        if browser:
            browser.close()
        shutil.rmtree(pages, ignore_errors=True)
    print(f"# {count} checks in {time.monotonic() - started:.1f} s")
    return 0 if ok and count == len(cases) * (len(WIDTHS) + 1) else 1


if __name__ == "__main__":
    sys.exit(main())
