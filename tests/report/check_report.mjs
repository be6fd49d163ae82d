// Opens an nhood HTML report in headless Chromium (Debian's /usr/bin/chromium
// driven by playwright-core), fails on any console error or page error,
// checks that the map drew its polygons and the spine chart its dots, and
// keeps a full-page screenshot.
//
// Usage: node tests/report/check_report.mjs REPORT.html SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [report, screenshot] = process.argv.slice(2);
if (!report || !screenshot) {
  console.error('usage: check_report.mjs REPORT.html SCREENSHOT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  await page.waitForSelector('#map .leaflet-interactive', { timeout: 15000 });
  const paths = await page.locator('#map path.leaflet-interactive').count();
  const dots = await page.locator('#spine circle').count();
  const rows = await page.locator('table tbody tr').count();
  const layers = await page.locator('.leaflet-control-layers-overlays input').count();
  // Choosing another neighbourhood redraws its profile.
  await page.selectOption('#pick', { index: 1 });
  const title = await page.locator('#spine-title').textContent();
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`map paths ${paths}, layer controls ${layers}, spine dots ${dots}, priority rows ${rows}, profile "${title}"`);
  if (paths < 10) errors.push(`only ${paths} polygons drawn on the map`);
  if (layers !== 3) errors.push(`expected 3 map layers, found ${layers}`);
  if (dots < 1) errors.push('the spine chart drew no neighbourhood');
  if (rows < 10) errors.push(`only ${rows} priority rows`);
} catch (e) {
  errors.push(`check: ${e.message}`);
} finally {
  await browser.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log('report OK: no console errors; screenshot ' + screenshot);
