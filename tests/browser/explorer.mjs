// The atlas explorer in headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core): the map loads and paints (first paint measured and
// printed, not asserted), zooming from England to one LSOA works, search
// finds a ward by name, the profile renders its spine chart, the CSV and
// GeoJSON downloads are well formed, there are no console errors, and
// axe-core finds no serious or critical violations on the map, profile and
// compare pages. Screenshots go to OUT.
//
// Usage: node tests/browser/explorer.mjs BASE_URL OUT
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, out] = process.argv.slice(2);
if (!base || !out) {
  console.error('usage: explorer.mjs BASE_URL OUT');
  process.exit(2);
}
const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const errors = [];
const report = [];
const check = (ok, what) => { if (!ok) errors.push(what); };

async function axe(page, name) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) errors.push(`axe (${name}): ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  report.push(`axe ${name}: ${result.violations.length} violations (${result.violations.map((v) => v.id + ' ' + v.impact).join(', ') || 'none'}), ${bad.length} serious or critical`);
}

// CSV: a header and rows with as many fields (quotes respected).
function csvRows(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));

  // The map: loads, paints, coloured neighbourhoods and the legend.
  await page.goto(`${base}/atlas/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.nhoodExplorer && window.nhoodExplorer.ready, null, { timeout: 30000 });
  const first = await page.evaluate(() => ({ ms: window.nhoodExplorer.firstPaintMs, n: window.nhoodExplorer.neighbourhoods,
                                             band: window.nhoodExplorer.band, zoom: window.nhoodExplorer.zoom }));
  report.push(`first paint ${first.ms.toFixed(0)} ms after navigation (${first.n} neighbourhoods, zoom band ${first.band})`);
  check(first.n > 100, `only ${first.n} neighbourhoods on the map`);
  check(await page.locator('#map canvas').count() > 0, 'the map drew no canvas');
  check(await page.locator('#legend .legend-row').count() >= 5, 'the legend has fewer than 5 classes');
  check(await page.locator('#indicator option').count() >= 4, 'fewer than 4 indicators to colour by');
  await page.selectOption('#indicator', { index: 1 });
  await page.screenshot({ path: join(out, 'explorer_map.png') });
  await axe(page, 'map');

  // Search finds a ward by name; choosing it selects its neighbourhood.
  await page.fill('#q', 'Horden');
  await page.click('#search-form button[type=submit]');
  const ward = page.locator('#results button[data-kind=ward]').first();
  await ward.waitFor({ timeout: 10000 });
  check((await ward.textContent()).includes('Horden'), 'the ward hit does not name Horden');
  await ward.click();
  await page.waitForSelector('#selected-name', { timeout: 10000 });
  report.push(`ward search: Horden -> ${await page.locator('#selected-name').textContent()}`);

  // Zoom from England to one LSOA: search its code, the map zooms in and
  // draws that authority's LSOA boundaries with the LSOA highlighted.
  const lsoa = 'E01020654';  // an LSOA of County Durham
  await page.fill('#q', lsoa);
  await page.click('#search-form button[type=submit]');
  const hit = page.locator(`#results button[data-id=${lsoa}]`);
  await hit.waitFor({ timeout: 10000 });
  await hit.click();
  await page.waitForFunction((code) => window.nhoodExplorer.zoom >= 12 && window.nhoodExplorer.lsoaFeatures > 0 &&
                                       window.nhoodExplorer.highlightedLsoa === code, lsoa, { timeout: 15000 });
  const zoomed = await page.evaluate(() => ({ zoom: window.nhoodExplorer.zoom, band: window.nhoodExplorer.band,
                                              lsoas: window.nhoodExplorer.lsoaFeatures }));
  report.push(`zoomed to ${lsoa}: zoom ${zoomed.zoom}, band ${zoomed.band}, ${zoomed.lsoas} LSOA boundaries drawn`);
  check(zoomed.band === 3, `at zoom ${zoomed.zoom} the map should use the finest band, not ${zoomed.band}`);
  await page.screenshot({ path: join(out, 'explorer_lsoa.png') });

  // The profile: its spine chart and LSOA table.
  await page.click('#profile-link');
  await page.waitForSelector('#spine svg.spine circle', { timeout: 10000 });
  const dots = await page.locator('#spine svg.spine circle').count();
  const lsoaRows = await page.locator('#lsoas tbody tr').count();
  report.push(`profile "${await page.locator('#profile-name').textContent()}": ${dots} spine dots, ${lsoaRows} LSOAs`);
  check(dots >= 2, `the spine chart drew ${dots} dots`);
  check(lsoaRows >= 1, 'the profile lists no LSOA');
  await page.screenshot({ path: join(out, 'explorer_profile.png'), fullPage: true });
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ path: join(out, 'explorer_profile.pdf'), format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  report.push(`profile printed on ${pages} A4 page(s)`);
  check(pages === 1, `the profile prints on ${pages} pages, not one`);
  await page.emulateMedia({ media: 'screen' });
  await axe(page, 'profile');

  // Downloads: the profile CSV through the browser's download, the rest fetched.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href*=".csv"]:has-text("Profile (CSV)")')]);
  const profileCsv = readFileSync(await download.path(), 'utf8');
  const pr = csvRows(profileCsv);
  check(pr.length >= 3 && pr[0].join(',') === 'neighbourhood_id,key,name,value,lower95,upper95,england,comparison',
        `profile CSV header: ${pr[0]}`);
  check(pr.every((r) => r.length === pr[0].length), 'profile CSV rows of unequal length');
  const id = new URL(page.url()).pathname.split('/').pop();
  const fetched = await page.evaluate(async (nb) => {
    const get = async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('content-type'), text: await r.text() }; };
    return {
      lsoas: await get(`/api/v1/atlas/neighbourhoods/${nb}/lsoas.csv`),
      all: await get('/api/v1/atlas/neighbourhoods.csv'),
      layer: await get('/api/v1/atlas/layers/neighbourhoods.geojson?zoom=6&download=1'),
      hot: await get('/api/v1/atlas/layers/hotspots.geojson'),
      json: await get(`/api/v1/atlas/neighbourhoods/${nb}`),
    };
  }, id);
  for (const [name, r] of Object.entries(fetched)) check(r.status === 200, `${name}: HTTP ${r.status}`);
  const lr = csvRows(fetched.lsoas.text);
  check(lr.length === lsoaRows + 1 && lr.every((r) => r.length === lr[0].length), 'LSOA CSV malformed');
  const ar = csvRows(fetched.all.text);
  check(ar.length === first.n + 1 && ar.every((r) => r.length === ar[0].length), 'neighbourhoods CSV malformed');
  for (const name of ['layer', 'hot']) {
    const g = JSON.parse(fetched[name].text);
    check(g.type === 'FeatureCollection' && g.features.length > 0 &&
          g.features.every((f) => f.type === 'Feature' && f.geometry && /Polygon$/.test(f.geometry.type) && f.properties),
          `${name} GeoJSON malformed`);
    check(fetched[name].type.startsWith('application/geo+json'), `${name}: content type ${fetched[name].type}`);
  }
  const profile = JSON.parse(fetched.json.text);
  for (const k of ['id', 'name', 'local_authority', 'population', 'indicators', 'lsoas']) check(k in profile, `profile JSON lacks ${k}`);
  for (const k of ['key', 'name', 'value', 'lower95', 'upper95', 'england', 'comparison']) {
    check(profile.indicators.every((i) => k in i), `profile indicators lack ${k}`);
  }
  report.push(`downloads: profile CSV ${pr.length - 1} rows, LSOA CSV ${lr.length - 1}, neighbourhoods CSV ${ar.length - 1}, ` +
              `GeoJSON ${JSON.parse(fetched.layer.text).features.length} + ${JSON.parse(fetched.hot.text).features.length} features`);

  // Compare two neighbourhoods side by side.
  const other = ar[1][0] === id ? ar[2][0] : ar[1][0];
  await page.goto(`${base}/atlas/compare?a=${id}&b=${other}`, { waitUntil: 'load' });
  const compareRows = await page.locator('#compare tbody tr').count();
  check(compareRows >= profile.indicators.length, `compare table has ${compareRows} rows`);
  await page.screenshot({ path: join(out, 'explorer_compare.png'), fullPage: true });
  await axe(page, 'compare');
} catch (e) {
  errors.push(`check: ${e.message}`);
} finally {
  await browser.close();
}
writeFileSync(join(out, 'explorer_report.txt'), report.join('\n') + '\n');
console.log(report.join('\n'));
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log('explorer OK: no console errors; screenshots in ' + out);
