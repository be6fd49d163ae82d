// Latency of the explorer's JSON endpoints and the map's first paint, each
// against its target with the ratio (measured / target: below 1 meets it).
// Usage: node bench/explorer/bench.mjs BASE_URL
import { chromium } from 'playwright-core';

const base = process.argv[2];
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]; };
// `encoding`: the Accept-Encoding to send (fetch inflates gzip itself;
// `wire` is the Content-Length as sent).
async function timed(url, encoding = 'gzip, deflate') {
  const t0 = performance.now();
  const r = await fetch(url, { headers: { 'accept-encoding': encoding } });
  const body = await r.arrayBuffer();
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return { ms: performance.now() - t0, bytes: body.byteLength, wire: Number(r.headers.get('content-length') || body.byteLength),
           encoding: r.headers.get('content-encoding') || 'identity' };
}
const results = [];
const ratio = (what, ms, target) => {
  results.push({ what, ms, target });
  return `(target < ${target} ms; ${(ms / target).toFixed(2)}x the target)`;
};
const ids = (await (await fetch(`${base}/api/v1/atlas/neighbourhoods.csv`)).text())
  .trim().split('\n').slice(1).map((l) => l.split(',')[0]);
// A fixed pseudo-random sample (LCG), the same on every run.
let seed = 12345;
const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed; };
const profile = [];
for (let i = 0; i < 400; i++) profile.push((await timed(`${base}/api/v1/atlas/neighbourhoods/${ids[next() % ids.length]}`)).ms);
console.log(`profile JSON (${ids.length} neighbourhoods, 400 requests): p50 ${pct(profile, 0.5).toFixed(2)} ms, ` +
            `p95 ${pct(profile, 0.95).toFixed(2)} ms ${ratio('profile JSON p95', pct(profile, 0.95), 20)}`);
const search = [];
for (const q of ['littlemoor', 'horden', 'E01020654', 'county durham', 'birmingham', 'ab']) {
  for (let i = 0; i < 20; i++) search.push((await timed(`${base}/api/v1/atlas/search?q=${encodeURIComponent(q)}`)).ms);
}
console.log(`search (120 requests): p50 ${pct(search, 0.5).toFixed(2)} ms, p95 ${pct(search, 0.95).toFixed(2)} ms`);
for (const zoom of [6, 9, 12]) {
  for (const encoding of ['gzip', 'identity']) {
    const runs = [];
    let t = null;
    for (let i = 0; i < 20; i++) { t = await timed(`${base}/api/v1/atlas/layers/neighbourhoods.geojson?zoom=${zoom}`, encoding); runs.push(t.ms); }
    const target = zoom === 6 && encoding === 'gzip' ? ' ' + ratio('England layer at zoom 6 (gzip) p95', pct(runs, 0.95), 200) : '';
    console.log(`England neighbourhood layer at zoom ${zoom}, ${t.encoding} (${(t.bytes / 1e6).toFixed(1)} MB, ` +
                `${(t.wire / 1e6).toFixed(1)} MB sent): p50 ${pct(runs, 0.5).toFixed(1)} ms, p95 ${pct(runs, 0.95).toFixed(1)} ms${target}`);
  }
}
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const paints = [];
for (let i = 0; i < 5; i++) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/atlas/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.nhoodExplorer && window.nhoodExplorer.ready, null, { timeout: 60000 });
  paints.push(await page.evaluate(() => window.nhoodExplorer.firstPaintMs));
  await page.close();
}
await browser.close();
console.log(`map first paint (England, 1280x900, 5 fresh pages): ${paints.map((p) => p.toFixed(0)).join(', ')} ms; ` +
            `median ${pct(paints, 0.5).toFixed(0)} ms ${ratio('map first paint median', pct(paints, 0.5), 2000)}`);
console.log('\nagainst the targets (measured / target; below 1 meets it):');
for (const r of results) {
  console.log(`  ${r.what.padEnd(38)} ${r.ms.toFixed(1).padStart(8)} ms  target < ${String(r.target).padStart(5)} ms  ` +
              `${(r.ms / r.target).toFixed(2)}x  ${r.ms < r.target ? 'meets' : 'MISSES'}`);
}
