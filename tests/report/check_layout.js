// Loads report pages in a real headless Chromium (playwright-core, Debian's
// /usr/bin/chromium) at 375, 1280 and 1920 px and checks, from the rendered
// layout: no two text boxes overlap, nothing overflows the viewport
// horizontally, every chart has axis labels, and the cohort table's last
// row is the newest cohort week, computed here from the CSV log itself.
// Also printed: A4 less the page's 14 mm margins (688 CSS px) overflows nothing.
// usage: node check_layout.js RETENTION SAMPLE_CSV CDNOW_CSV TINY_CSV [SCREENSHOT_DIR]
// Exit 0: all good; 1: a check failed; 77: skipped (no browser library).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const WIDTHS = [375, 1280, 1920];
const A4_CONTENT_WIDTH = Math.floor((210 - 2 * 14) / 25.4 * 96);  // 688 px
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.log('SKIP: playwright-core is not installed (' + e.message.split('\n')[0] + ')');
  process.exit(77);
}
if (!fs.existsSync(CHROMIUM)) {
  console.log('SKIP: no ' + CHROMIUM);
  process.exit(77);
}

// The newest cohort week of a log: the Monday (ISO weeks, UTC days) of the
// latest first active day of any customer. Simple CSV: no quoted commas.
function newestCohortWeek(csvPath, idColumn, timeColumn) {
  const lines = fs.readFileSync(csvPath, 'utf8').split(/\r?\n/).filter((l) => l.length);
  const header = lines[0].split(',');
  const id = header.indexOf(idColumn), time = header.indexOf(timeColumn);
  const first = new Map();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const text = cells[time];
    // Unix seconds, a date (a UTC day), or an ISO date-time
    const ms = /^-?\d+$/.test(text) ? Number(text) * 1000
      : /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(text + 'T00:00:00Z') : Date.parse(text);
    if (Number.isNaN(ms)) throw new Error('bad time ' + text);
    const day = Math.floor(ms / 86400000);
    if (!first.has(cells[id]) || day < first.get(cells[id])) first.set(cells[id], day);
  }
  const newest = Math.max(...first.values());
  const monday = newest - ((newest + 3) % 7);  // 1970-01-01 was a Thursday
  return new Date(monday * 86400000).toISOString().slice(0, 10);
}

function makePage(tool, args, file) {
  const p = spawnSync(tool, ['report', '--html', file].concat(args), { encoding: 'utf8' });
  if (p.status !== 0) throw new Error('retention report failed: ' + p.stderr);
}

// Runs in the page: every rendered text box, with what it says.
function collectLayout() {
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
}

// Pairs of boxes that overlap by more than a pixel both ways.
function overlaps(boxes) {
  const found = [];
  const sorted = boxes.slice().sort((a, b) => a.y - b.y);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length && sorted[j].y < a.y + a.h - 1; j++) {
      const b = sorted[j];
      const dx = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const dy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (dx > 1 && dy > 1) found.push([a, b]);
    }
  }
  return found;
}

function check(name, width, layout, expectedCohort) {
  const problems = [];
  for (const [a, b] of overlaps(layout.boxes).slice(0, 10))
    problems.push(`text overlaps: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  if (layout.scrollWidth > layout.innerWidth)
    problems.push(`page is ${layout.scrollWidth} px wide in a ${layout.innerWidth} px viewport`);
  if (layout.charts.length < 4) problems.push(`only ${layout.charts.length} charts`);
  for (const c of layout.charts) {
    if (c.axisLabels.length < 2) problems.push(`chart ${c.id}: axis labels ${JSON.stringify(c.axisLabels)}`);
    if (c.role !== 'img' || !c.title || !c.desc) problems.push(`chart ${c.id}: no role=img, <title> and <desc>`);
  }
  if (layout.lastCohort !== expectedCohort)
    problems.push(`newest cohort shown is ${layout.lastCohort}, the log's is ${expectedCohort}`);
  const status = problems.length ? 'not ok' : 'ok';
  console.log(`${status} - ${name} at ${width} px (${layout.boxes.length} text boxes, ` +
              `${layout.charts.length} charts, newest cohort ${layout.lastCohort})`);
  for (const p of problems) console.log('#   ' + p);
  return problems.length === 0;
}

// The print style sheet on a page as wide as A4's printable area.
async function checkPrint(browser, name, file) {
  const page = await browser.newPage({ viewport: { width: A4_CONTENT_WIDTH, height: 1000 } });
  await page.goto('file://' + file);
  await page.emulateMedia({ media: 'print' });
  const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('body *')]
    .map((e) => e.getBoundingClientRect().right)));
  await page.close();
  const ok = widest <= A4_CONTENT_WIDTH + 1;
  console.log(`${ok ? 'ok' : 'not ok'} - ${name} printed on A4: widest element ends at ` +
              `${Math.round(widest)} px of ${A4_CONTENT_WIDTH}`);
  return ok;
}

async function main() {
  const [tool, sample, cdnow, tiny, shots] = process.argv.slice(2);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-layout-'));
  const cases = [
    { name: 'sample', args: [], expected: newestCohortWeek(sample, 'customer_id', 'timestamp') },
    { name: 'cdnow', args: ['--id-column', 'masterid', '--time-column', 'date', '--amount-column', 'sales', cdnow],
      expected: newestCohortWeek(cdnow, 'masterid', 'date') },
    // a month: short date ticks, no purchases, no segments
    { name: 'tiny', args: [tiny], expected: newestCohortWeek(tiny, 'customer_id', 'timestamp') },
  ];
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  let ok = true, count = 0;
  console.log(`1..${cases.length * (WIDTHS.length + 1)}`);
  try {
    for (const c of cases) {
      const file = path.join(dir, c.name + '.html');
      makePage(tool, c.args, file);
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        await page.goto('file://' + file);
        ok = check(c.name, width, await page.evaluate(collectLayout), c.expected) && ok;
        if (shots)
          await page.screenshot({ path: path.join(shots, `${c.name}-${width}.png`), fullPage: true });
        await page.close();
        count++;
      }
      ok = await checkPrint(browser, c.name, file) && ok;
    }
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(ok && count === cases.length * WIDTHS.length ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
