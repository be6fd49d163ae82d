// Page speed of the web app (issue 11): sequential requests on loopback to
// the caseload and resident timeline pages (as a link worker) and the manager
// dashboard, timed from request to the last byte, against a running
// `nhood serve` on the link load set. The dashboard is timed twice: over the
// load set's year (the demo's records all fall in the 12 months before
// 2025-12-01: `dashboard`, every record counted) and over its default, the
// last 365 days (`dashboard_default`). Prints one JSON line of p50/p95/max ms.
//   node bench/link/pages.mjs --url http://127.0.0.1:PORT --password PW [--n 200] [--store NAME]
// bench/link/pages.sh seeds the store and starts the server.
import { performance } from 'node:perf_hooks';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const base = args.url;
const password = args.password;
const n = Number(args.n || 200);
if (!base || !password) {
  console.error('usage: pages.mjs --url URL --password PW [--n 200]');
  process.exit(2);
}

async function logIn(username) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
  if (res.status !== 303) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function timed(cookie, path) {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  return { ms, text };
}

function summary(times) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, p50_ms: +q(0.5).toFixed(2), p95_ms: +q(0.95).toFixed(2), max_ms: +s[s.length - 1].toFixed(2) };
}

const worker = await logIn('worker1');
const manager = await logIn('manager');
const first = await timed(worker, '/caseload');
const ids = [...first.text.matchAll(/href="\/residents\/(\d+)"/g)].map((m) => m[1]);
const rows = ids.length;
if (!rows) throw new Error('the caseload page listed no residents');

// The demo's year, with the tables the dashboard must show.
const demoYear = '/dashboard?from=2024-12-01&to=2025-12-02';
const check = await timed(manager, demoYear);
for (const id of ['caseloads', 'waiting-times', 'organisations']) {
  if (!check.text.includes(`id="${id}"`)) throw new Error(`the dashboard has no ${id} table`);
}
const caseload = [], timeline = [], dashboard = [], dashboardDefault = [];
for (let i = 0; i < n; i++) caseload.push((await timed(worker, '/caseload')).ms);
for (let i = 0; i < n; i++) timeline.push((await timed(worker, `/residents/${ids[(i * 7919) % ids.length]}`)).ms);
const m = Math.max(20, Math.floor(n / 5));
for (let i = 0; i < m; i++) dashboard.push((await timed(manager, demoYear)).ms);
for (let i = 0; i < m; i++) dashboardDefault.push((await timed(manager, '/dashboard')).ms);
console.log(JSON.stringify({ store: args.store || 'sqlite', caseload_rows: rows, caseload: summary(caseload),
                             timeline: summary(timeline), dashboard: summary(dashboard),
                             dashboard_default: summary(dashboardDefault) }));
