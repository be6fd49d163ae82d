// Opens nhood pages with chart figures (evaluate/chart_figure.h) in headless
// Chromium (Debian's /usr/bin/chromium driven by playwright-core), with every
// request that is not the page's own file blocked, and checks that:
// - every figure[data-nhood-chart] was drawn by Observable Plot (an
//   svg.nhood-plot in its .chart-plot, data-nhood-drawn="plot") and its
//   fallback is hidden; kinds named after ':' must instead keep their fallback;
// - each chart has one mark per data row (a dot per row with a value, an
//   interval line per row with both limits, a bar per tornado row) and an
//   aria-label and aria-description;
// - with scripts off, every chart shows its fallback (inline SVG or list);
// - there is no console error, page error, dialog or network request;
// - axe-core finds no serious or critical violation.
// A full-page screenshot of each page is kept in OUT_DIR.
//
// Usage: node tests/report/check_charts.mjs OUT_DIR NAME=PAGE.html[:kind,kind] ...
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [outDir, ...pages] = process.argv.slice(2);
if (!outDir || !pages.length) {
  console.error('usage: check_charts.mjs OUT_DIR NAME=PAGE.html[:kind,kind] ...');
  process.exit(2);
}
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  for (const spec of pages) {
    const [name, rest] = spec.split(/=(.*)/s);
    const [file, keep = ''] = rest.split(/:(?=[^/]*$)/);
    const fallbackKinds = keep ? keep.split(',') : [];
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const url = pathToFileURL(file).href;
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      errors.push(`${name}: network request blocked: ${route.request().url()}`);
      return route.abort();
    });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`${name}: console: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`${name}: page: ${e.message}`));
    page.on('dialog', (d) => { errors.push(`${name}: a script opened a dialog: ${d.message()}`); d.dismiss(); });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => [...document.querySelectorAll('figure[data-nhood-chart]')]
      .every((f) => f.hasAttribute('data-nhood-drawn')), null, { timeout: 15000 })
      .catch(() => errors.push(`${name}: the renderer did not finish in 15 s`));
    const charts = await page.evaluate(() => [...document.querySelectorAll('figure[data-nhood-chart]')].map((f) => {
      const data = JSON.parse(f.querySelector('script[type="application/json"]').textContent);
      const svg = f.querySelector('.chart-plot svg.nhood-plot');
      const fallback = f.querySelector('.chart-fallback');
      const count = (sel) => (svg ? svg.querySelectorAll(sel).length : 0);
      return {
        kind: f.getAttribute('data-nhood-chart'), drawn: f.getAttribute('data-nhood-drawn'), data,
        svg: !!svg, label: svg && svg.getAttribute('aria-label'), description: svg && svg.getAttribute('aria-description'),
        fallbackShown: !!fallback && !fallback.hidden && fallback.getBoundingClientRect().height > 0,
        dots: count('g[aria-label="dot"] > *'), intervals: count('g[aria-description="interval"] > *'),
        bars: count('g[aria-label="bar"]:not([aria-description]) > *'),
        below: count('g[aria-label="bar"][aria-description="below base"] > *'),
        above: count('g[aria-label="bar"][aria-description="above base"] > *'),
      };
    }));
    const finite = (v) => typeof v === 'number' && Number.isFinite(v);
    let drawn = 0;
    charts.forEach((c, i) => {
      const where = `${name}: chart ${i + 1} (${c.kind}, "${c.data.title}")`;
      if (fallbackKinds.includes(c.kind)) {
        if (c.drawn !== 'fallback' || c.svg || !c.fallbackShown) errors.push(`${where}: should have kept its fallback`);
        return;
      }
      if (c.drawn !== 'plot' || !c.svg) { errors.push(`${where}: not drawn by Plot (${c.drawn})`); return; }
      if (c.fallbackShown) errors.push(`${where}: fallback still shown`);
      if (c.label !== c.data.title) errors.push(`${where}: aria-label "${c.label}"`);
      if (!c.description || c.description.length < c.data.title.length + 10) errors.push(`${where}: no text description`);
      const rows = c.data.rows;
      if (c.kind === 'tornado') {
        // A bar per row, in two parts about the base when there is one: red below, blue above.
        const drawnRows = rows.filter((r) => finite(r.low) && finite(r.high));
        const plain = drawnRows.filter((r) => !finite(r.base)).length;
        const below = drawnRows.filter((r) => finite(r.base) && Math.min(r.low, r.high) < r.base).length;
        const above = drawnRows.filter((r) => finite(r.base) && Math.max(r.low, r.high) > r.base).length;
        if (c.bars !== plain || c.below !== below || c.above !== above) {
          errors.push(`${where}: bars ${c.bars}/${c.below}/${c.above} (plain/below/above) for ${plain}/${below}/${above}`);
        }
      } else {
        const valued = rows.filter((r) => finite(r.value));
        const withInterval = valued.filter((r) => finite(r.lower) && finite(r.upper)).length;
        if (c.dots !== valued.length) errors.push(`${where}: ${c.dots} dots for ${valued.length} rows with a value`);
        if (c.intervals !== withInterval) errors.push(`${where}: ${c.intervals} intervals for ${withInterval} rows`);
      }
      ++drawn;
    });
    if (!charts.length) errors.push(`${name}: no chart figure on the page`);
    // A wide table scrolls in its own box (evaluate/report_page.h): the page never scrolls sideways.
    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth,
                                               view: document.documentElement.clientWidth,
                                               mains: document.querySelectorAll('main').length }));
    if (widths.page > widths.view) errors.push(`${name}: the page is ${widths.page} px wide in a ${widths.view} px window`);
    if (widths.mains !== 1) errors.push(`${name}: ${widths.mains} <main> landmarks (want 1)`);
    await page.evaluate(axeSource);
    const axe = await page.evaluate(async () =>
      await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
    const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of bad) {
      errors.push(`${name}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
    }
    const shot = join(outDir, `${name}_screenshot.png`);
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`${name}: ${charts.length} chart figures, ${drawn} drawn by Plot, ` +
                `${charts.length - drawn} kept their fallback; axe: ${axe.violations.length} violations ` +
                `(${axe.violations.map((v) => v.id + ' ' + v.impact).join(', ') || 'none'}); screenshot ${shot}`);
    await context.close();

    // With scripts off (printing, strict readers) every chart shows its fallback.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const still = await plain.newPage();
    await still.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await still.goto(url, { waitUntil: 'load' });
    const shown = await still.evaluate(() => [...document.querySelectorAll('figure[data-nhood-chart] .chart-fallback')]
      .filter((f) => !f.hidden && f.getBoundingClientRect().height > 0 && f.querySelector('svg, ul, p')).length);
    if (shown !== charts.length) errors.push(`${name}: scripts off, ${shown} of ${charts.length} fallbacks shown`);
    await plain.close();
  }
} catch (e) {
  errors.push(`check: ${e.message}`);
} finally {
  await browser.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log('charts OK: every chart drawn by Plot with one mark per row, fallbacks hidden, no console errors, no network');
