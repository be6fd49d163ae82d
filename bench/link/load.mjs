// Load client for `nhood serve` (bench/link/run.sh): N concurrent clients on
// loopback, each with its own session, first reading caseloads, then writing
// contacts, for a fixed time each. Prints requests/s, p50/p99 latency and
// errors per phase as JSON. Bounded: every phase stops after --seconds.
//   node load.mjs --url http://127.0.0.1:PORT --clients 64 --seconds 20 --password P
// Requests go through node:http, not fetch(): on the 2-core machine the
// client shares the cores with the server, and fetch() cost about 0.9 ms of
// CPU per request — more than the server's work — where node:http costs a
// fraction of that. No compression is asked for (loopback).
import http from 'node:http';
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const url = args.url, clients = Number(args.clients ?? 64), seconds = Number(args.seconds ?? 20);
const password = args.password ?? 'nhood-demo-password';
const workers = ['worker1', 'worker2', 'worker3'];
const agent = new http.Agent({keepAlive: true, maxSockets: Infinity});

// One request; resolves to {status, headers, body} (body as text).
function request(method, path, headers = {}, body = undefined) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, {method, headers, agent}, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({status: res.statusCode, headers: res.headers,
                                   body: Buffer.concat(chunks).toString()}));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body); else req.end();
  });
}

async function login(username) {
  const res = await request('POST', '/api/v1/session', {'Content-Type': 'application/json'},
                            JSON.stringify({username, password}));
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers['set-cookie'][0].split(';')[0];
  const {csrf_token} = JSON.parse(res.body);
  return {cookie, csrf: csrf_token};
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function phase(name, sessions, step) {
  if (args.marks) console.error(`start ${name}`);  // for a profiler watching stderr
  const latencies = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(sessions.map(async (s, i) => {
    let n = 0;
    while (performance.now() < until) {
      const t0 = performance.now();
      const ok = await step(s, i, n++).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  }));
  if (args.marks) console.error(`end ${name}`);
  latencies.sort((a, b) => a - b);
  return {phase: name, requests: latencies.length, per_second: +(latencies.length / seconds).toFixed(1),
          p50_ms: +percentile(latencies, 0.5).toFixed(2), p99_ms: +percentile(latencies, 0.99).toFixed(2), errors};
}

const sessions = [];
for (let i = 0; i < clients; i++) sessions.push(await login(workers[i % workers.length]));
// Each client's referrals: from its own worker's caseload.
for (const s of sessions) {
  const res = await request('GET', '/api/v1/caseload?limit=200', {Cookie: s.cookie});
  const body = JSON.parse(res.body);
  s.referrals = body.residents.filter((r) => r.latest_referral).map((r) => r.latest_referral.id);
  if (s.referrals.length === 0) throw new Error('a worker with no referrals: seed with nhood link demo');
}
const reads = await phase('caseload reads', sessions, async (s) => {
  const res = await request('GET', '/api/v1/caseload?limit=50', {Cookie: s.cookie});
  return res.status === 200 && res.body.startsWith('{');
});
const writes = await phase('contact writes', sessions, async (s, i, n) => {
  const referral = s.referrals[(i + n) % s.referrals.length];
  const res = await request('POST', `/api/v1/referrals/${referral}/contacts`,
                            {'Content-Type': 'application/json', Cookie: s.cookie, 'X-CSRF-Token': s.csrf},
                            JSON.stringify({date: '2025-11-20', mode: 'phone', minutes: 15}));
  return res.status === 201;
});
console.log(JSON.stringify({clients, seconds, results: [reads, writes]}, null, 1));
