// The link web app in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), at 360 px wide: a link worker logs in with the keyboard
// alone, creates a resident and a referral (after a date of birth in the
// future, shown at its field with every value kept; the same form posted
// twice stores one referral), records a contact (after an invalid one that
// is shown at its field and not stored; posted twice, stored once) and a
// baseline and follow-up SWEMWBS, searches the directory near a postcode,
// opens a service and refers the resident on to it, moves the onward
// referral to accepted, records a need and a goal and reviews the goal; a
// second link worker gets the 403 page for that resident; the manager's
// dashboard counts the new contact, and its caseload, waiting-times and
// organisations tables count the worker's new referral, its first contact and
// the accepted onward referral (managerDashboardTables); the manager's report
// pages render (checkReportPages); the manager records volunteer hours (an
// invalid number first); the manager's activity and outcomes reports
// (/api/v1/reports/…, JSON) count the new referral, contact, onward referral
// and hours and the new resident's SWEMWBS pair; the manager adds a volunteer
// (an empty name first; posted twice, stored once), renames and deactivates
// them, and imports a services sheet (one row rejected and named); the
// admin's audit trail shows the refusal, and the admin adds a user and
// deactivates them; a third worker changes their password by keyboard alone
// and logs in with the new one. On every page: no console or page errors
// (but the expected status of a 403/409/422 response), no horizontal
// scrolling at 360 px, and no serious or critical axe-core violations. A
// screenshot of each page is kept.
//
// Usage: node tests/browser/webapp_flow.mjs BASE_URL PASSWORD OUT_DIR [STORE]
// (STORE, "sqlite" or "postgres", only names the run in the messages.)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const [base, password, out, store = 'sqlite'] = process.argv.slice(2);
if (!base || !password || !out) {
  console.error('usage: webapp_flow.mjs BASE_URL PASSWORD OUT_DIR');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const errors = [];
const checked = [];
let shot = 0;
const today = new Date().toISOString().slice(0, 10);

const scoreUrls = [];  // the live-score requests (they must carry only the items)

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30000);  // bounded, with room for a loaded CI machine
  page.expected = null;  // a status this step expects, e.g. 403
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    if (page.expected && text.includes(`status of ${page.expected}`)) return;
    errors.push(`console on ${page.url()}: ${text}`);
  });
  page.on('pageerror', (e) => errors.push(`page error on ${page.url()}: ${e.message}`));
  page.on('request', (r) => { if (r.url().includes('/outcomes/score')) scoreUrls.push(r.url()); });
  return page;
}

// Checks the page as it is now and keeps a screenshot.
async function check(page, name) {
  await page.waitForLoadState('load');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 362) errors.push(`${name}: the page is ${width} px wide at a 360 px viewport`);
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      errors.push(`${name}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
    }
  }
  shot += 1;
  await page.screenshot({ path: join(out, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  checked.push(name);
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

async function logIn(page, username) {
  await page.goto(`${base}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("Log in")')]);
}

async function logOut(page) {
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Log out")')]);
}

// ---- the manager dashboard's tables (issue 11) ----
// Caseload per worker, waiting times and organisations referred to, over all
// dates (the demo's records and the flow's own). Counts as numbers; a
// withheld count ("fewer than 5") fails the check that uses it.
async function managerDashboardTables(page, organisation) {
  await page.goto(`${base}/dashboard?from=2000-01-01&to=2999-01-01`);
  for (const id of ['caseloads', 'waiting-times', 'organisations']) {
    expect(await page.locator(`#${id} table caption`).count() === 1, `the dashboard's ${id} table has a caption`);
  }
  const cells = async (row) => (await row.locator('td').allTextContents()).map((t) => t.trim());
  const worker = await cells(page.locator('#caseloads tbody tr:has(th:text-is("Link worker 1"))'));
  const waiting = {};
  for (const row of await page.locator('#waiting-times tbody tr').all()) {
    waiting[(await row.locator('th').textContent()).trim()] = (await row.locator('td').textContent()).trim();
  }
  const total = await cells(page.locator('#organisations tbody tr.total'));
  const orgRows = organisation
    ? await page.locator('#organisations tbody tr th').evaluateAll((ths, name) => ths.filter((t) => t.textContent.trim() === name).length, organisation)
    : 0;
  // Worker: referrals, a year, band (bar and text), open now.
  return { opened: Number(worker[0]), openNow: Number(worker[3]), band: worker[2],
           bar: await page.locator('#caseloads tbody tr:has(th:text-is("Link worker 1")) meter').count(),
           received: Number(waiting['Referrals received']), contacted: Number(waiting['First contacted']),
           sent: Number(total[0]), accepted: Number(total[2]), orgRows };
}

// The flow's referral, contact and accepted onward referral are counted.
async function checkManagerDashboard(page, before, organisation) {
  const after = await managerDashboardTables(page, organisation);
  const counted = (key) => expect(Number.isFinite(before[key]) && after[key] === before[key] + 1,
                                  `dashboard ${key}: ${before[key]} before, ${after[key]} after (expected one more)`);
  for (const key of ['opened', 'openNow', 'received', 'contacted', 'sent', 'accepted']) counted(key);
  expect(after.bar === 1, 'worker 1 has a bar against the safe caseload');
  expect(/(below 200|within 200–250|above 250)/.test(after.band), `worker 1's band is said in words: ${after.band}`);
  expect(after.orgRows === 1, `the organisation referred to (${organisation}) has a row`);
  await check(page, 'dashboard-tables');
}

async function dashboardContacts(page) {
  await page.goto(`${base}/dashboard?from=${today}&to=2999-01-01`);
  return Number((await page.textContent('#contacts')).trim());
}

// ---- form checks: an invalid value, and the same form posted twice ----

// The fields of the page's main form as the browser would post them.
async function formBody(page) {
  return page.evaluate(() => {
    const form = document.querySelector('main form[method=post]');
    return { action: form.action, body: new URLSearchParams(new FormData(form)).toString() };
  });
}

// Posts a form's fields again from the page (a second click, a resubmitted
// page): the one-time form token is used up, so the server answers 409
// "already submitted" and stores nothing.
async function postAgain(page, form) {
  page.expected = 409;
  const reply = await page.evaluate(async ({ action, body }) => {
    const r = await fetch(action, { method: 'POST', body, redirect: 'manual',
                                    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    return { status: r.status, text: await r.text() };
  }, form);
  page.expected = null;
  expect(reply.status === 409, `the same form posted twice: ${reply.status}`);
  expect(reply.text.includes('already been submitted'), 'the second post says it was already submitted');
}

// The new-referral form with a date of birth in the future: shown at the
// field (tied to it), every value kept, nothing stored; then corrected.
async function referralInvalidThenFixed(page) {
  page.expected = 422;
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save referral")')]);
  page.expected = null;
  expect(page.url().endsWith('/referrals/new'), `an invalid referral stays on the form: ${page.url()}`);
  expect(await page.isVisible('#f-date_of_birth-error'), 'the date of birth error is shown at the field');
  expect(await page.getAttribute('#f-date_of_birth', 'aria-describedby') === 'f-date_of_birth-error',
         'the error is tied to the field');
  expect(await page.inputValue('#f-date_of_birth') === '2961-05-17', 'the invalid date of birth is kept');
  expect(await page.inputValue('#f-name') === 'Zed Browsertest', 'the name is kept');
  expect(await page.inputValue('#f-referrer_name') === 'Dr A Khan', 'the referrer is kept');
  expect(await page.isChecked('input[name=reasons][value=loneliness]'), 'the reasons are kept');
  expect(await page.isChecked('#f-consent_share_with_gp-1'), 'the consent answers are kept');
  await check(page, 'referral-invalid');
  await page.fill('#f-date_of_birth', '1961-05-17');
}

// ---- the manager's reports count the flow ----

// The figures the test compares, from the manager's JSON reports over all
// dates: totals that are never suppressed (contacts, minutes, onward
// referrals, volunteer hours) and counts of people, which the seeded demo
// has enough of to be shown (suppression withholds 1 to suppress_below - 1).
async function reportFigures(page) {
  const get = async (path) => {
    const r = await page.request.get(`${base}${path}`);
    expect(r.status() === 200, `${path}: ${r.status()}`);
    return r.json();
  };
  const activity = await get('/api/v1/reports/activity');
  const outcomes = await get('/api/v1/reports/outcomes?measure=swemwbs');
  const count = (c) => (c && typeof c.value === 'number' ? c.value : null);
  return {
    contacts: activity.contacts,
    contact_minutes: activity.contact_minutes,
    onward_referrals_sent: activity.onward_referrals_sent,
    onward_accepted: activity.onward_by_status.accepted ?? 0,
    volunteer_hours: activity.volunteer_hours,
    referrals_received: count(activity.referrals_received),
    residents_contacted: count(activity.residents_contacted),
    suppress_below: activity.suppress_below,
    paired_n: outcomes.paired_n,
    baseline_n: outcomes.baseline_n,
    follow_up_n: outcomes.follow_up_n,
    mean_change: outcomes.mean_change,
  };
}

// After the flow: one more referral, contact (45 minutes), onward referral
// (accepted) and 2.5 volunteer hours, and one more SWEMWBS pair whose change
// is the new resident's 17.43 → 23.21, so the sum of paired changes grows by
// exactly 5.78.
function expectReportsCountTheFlow(before, after) {
  const near = (a, b) => Math.abs(a - b) < 1e-6;
  const says = `${store}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`;
  expect(after.contacts === before.contacts + 1, `activity contacts +1 (${says})`);
  expect(after.contact_minutes === before.contact_minutes + 45, `activity contact_minutes +45 (${says})`);
  expect(after.onward_referrals_sent === before.onward_referrals_sent + 1, `activity onward referrals +1 (${says})`);
  expect(after.onward_accepted === before.onward_accepted + 1, `activity onward accepted +1 (${says})`);
  expect(near(after.volunteer_hours, before.volunteer_hours + 2.5), `activity volunteer_hours +2.5 (${says})`);
  for (const k of ['referrals_received', 'residents_contacted', 'paired_n', 'baseline_n', 'follow_up_n']) {
    expect(typeof before[k] === 'number' && before[k] >= before.suppress_below,
           `${k} is shown, not suppressed, on the seeded demo (${says})`);
    expect(after[k] === before[k] + 1, `${k} +1 (${says})`);
  }
  expect(near(after.mean_change * after.paired_n, before.mean_change * before.paired_n + (23.21 - 17.43)),
         `the paired mean change includes the new resident's +5.78 (${says})`);
}

// ---- the volunteers' pages (manager) ----

// The list; "Add a volunteer" with an empty name first (shown at the field,
// the date kept, nothing stored), posted twice and stored once; "Change"
// renames and deactivates them, and the hours page no longer offers them.
async function volunteerPages(page) {
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/volunteers"]')]);
  await page.waitForSelector('h1:has-text("Volunteers")');
  await check(page, 'volunteers');
  const rowsBefore = await page.locator('tbody tr').count();
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Add a volunteer")')]);
  await page.waitForSelector('#f-name');
  await check(page, 'volunteer-new');
  await page.fill('#f-started_on', today);
  page.expected = 422;
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Add volunteer")')]);
  page.expected = null;
  expect(await page.isVisible('#f-name-error'), 'the missing name is shown at the field');
  expect(await page.getAttribute('#f-name', 'aria-describedby') === 'f-name-error', 'the error is tied to the field');
  expect(await page.inputValue('#f-started_on') === today, 'the start date is kept');
  await check(page, 'volunteer-new-invalid');
  await page.fill('#f-name', 'Browser Volunteer');
  const form = await formBody(page);
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Add volunteer")')]);
  expect((await page.textContent('main')).includes('The volunteer has been saved'), 'the volunteer is saved');
  await postAgain(page, form);
  await page.reload();
  expect(await page.locator('tbody tr:has-text("Browser Volunteer")').count() === 1, 'the volunteer is listed once');
  expect(await page.locator('tbody tr').count() === rowsBefore + 1, 'one volunteer more');
  await Promise.all([page.waitForNavigation(), page.click('a[aria-label="Change Browser Volunteer"]')]);
  await page.waitForSelector('#f-active');
  expect(await page.isChecked('#f-active'), 'a new volunteer is active');
  await check(page, 'volunteer-edit');
  await page.fill('#f-name', 'Browser Volunteer Two');
  await page.uncheck('#f-active');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Save")')]);
  const row = await page.textContent('tbody tr:has-text("Browser Volunteer Two")');
  expect(row.includes('no'), `the volunteer is renamed and deactivated: ${row}`);
  await page.goto(`${base}/volunteers/hours`);
  expect(!(await page.textContent('#f-volunteer_id')).includes('Browser Volunteer'),
         'a deactivated volunteer is not offered for hours');
}

// The report pages (docs/webapp.md, Reports): activity, outcomes and reach,
// each checked like every page; the outcomes page counts this test's own
// resident among the SWEMWBS pairs (the pairs dated before today are the
// count without this test's measures); a bad date is shown at its field and
// kept; the tables scroll inside their own focusable box; print hides the
// navigation; the CSV link answers with CSV.
async function checkReportPages(page) {
  await page.goto(`${base}/reports/activity`);
  await page.waitForSelector('#activity table');
  expect((await page.textContent('#activity caption')).startsWith('Activity by period'), 'the activity table');
  await check(page, 'report-activity');

  const pairedN = async () =>
    Number((await page.textContent('#outcomes-swemwbs td[data-column=paired_n]')).trim());
  await page.goto(`${base}/reports/outcomes?measure=swemwbs&from=2000-01-01&to=${today}`);
  const earlier = await pairedN();
  await page.goto(`${base}/reports/outcomes?measure=swemwbs`);
  const paired = await pairedN();
  expect(paired >= earlier + 1, `outcomes paired n: ${earlier} before today, ${paired} with this test's resident`);
  await page.focus('#outcomes-swemwbs .table-box');
  expect(await page.evaluate(() => document.activeElement.classList.contains('table-box')),
         'the table box takes keyboard focus');
  const csvHref = await page.getAttribute('#outcomes-swemwbs a:has-text("Download CSV")', 'href');
  const csv = await page.request.get(`${base}${csvHref}`);
  expect(csv.status() === 200 && csv.headers()['content-type'].startsWith('text/csv'), `the CSV link: ${csv.status()}`);
  expect((await csv.text()).includes('paired_n'), 'the CSV has the paired n');
  await check(page, 'report-outcomes');
  await page.emulateMedia({ media: 'print' });
  expect(!(await page.isVisible('header.top nav')), 'print hides the navigation');
  expect(await page.isVisible('#outcomes-swemwbs table'), 'and shows the table');
  await page.emulateMedia({ media: 'screen' });

  page.expected = 422;
  const bad = await page.goto(`${base}/reports/outcomes?measure=swemwbs&from=2025-02-30&to=${today}`);
  expect(bad.status() === 422, `a bad date: ${bad.status()}`);
  expect(await page.isVisible('#f-from-error'), 'the date error is shown at the field');
  expect(await page.inputValue('#f-from') === '2025-02-30', 'the bad date is kept');
  await check(page, 'report-outcomes-invalid');
  page.expected = null;

  await page.goto(`${base}/reports/reach`);
  const reach = await page.textContent('main');
  expect(reach.includes('nhood serve --atlas DIR') || (await page.isVisible('#reach table')),
         'reach: the table, or how to start the server with an atlas');
  await check(page, 'report-reach');
}

try {
  // The manager's count of contacts from today on, before.
  const manager = await newPage();
  await logIn(manager, 'manager');
  const before = await dashboardContacts(manager);
  const reportsBefore = await reportFigures(manager);
  const tablesBefore = await managerDashboardTables(manager, null);

  // A link worker logs in with the keyboard alone.
  const page = await newPage();
  await page.goto(`${base}/login`);
  await check(page, 'login');
  await page.keyboard.press('Tab');  // the skip link
  await page.keyboard.press('Tab');  // the brand link
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement.id) === 'username', 'Tab does not reach the username');
  await page.keyboard.type('worker1');
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  expect(page.url().endsWith('/caseload'), `after login: ${page.url()}`);
  await check(page, 'caseload');
  // htmx search narrows the table without a reload.
  await page.fill('#f-q', 'zzzz-nobody');
  await page.waitForFunction(() => document.querySelectorAll('#caseload-results tbody tr').length === 0);
  await page.locator('#f-q').blur();  // its change event searches once more: let that finish
  await page.waitForLoadState('networkidle');

  // New referral: a new resident, source, reasons, consent.
  await page.goto(`${base}/referrals/new`);
  await check(page, 'referral-new');
  await page.fill('#f-name', 'Zed Browsertest');
  await page.fill('#f-date_of_birth', '2961-05-17');  // in the future: refused at the field
  await page.selectOption('#f-sex', 'female');
  await page.fill('#f-postcode', 'NE1 4ST');
  await page.selectOption('#f-source', 'gp');
  await page.fill('#f-referrer_name', 'Dr A Khan');
  await page.check('input[name=reasons][value=loneliness]');
  await page.check('#f-consent_store-0');
  await page.check('#f-consent_share_with_gp-1');
  await page.check('#f-consent_evaluation-0');
  await referralInvalidThenFixed(page);
  const referralForm = await formBody(page);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save referral")')]);
  const residentUrl = page.url();
  expect(/\/residents\/\d+$/.test(residentUrl), `after the referral: ${residentUrl}`);
  expect((await page.textContent('h1')).includes('Zed Browsertest'), 'the timeline names the resident');
  await check(page, 'resident-new');
  await postAgain(page, referralForm);
  await page.goto(`${base}/caseload?q=Browsertest`);
  expect(await page.locator('#caseload-results tbody tr').count() === 1, 'one resident and referral, not two');
  await page.goto(residentUrl);

  // A contact: first with 2000 minutes (shown at the field, value kept, nothing stored), then right.
  await page.click('a:has-text("Record a contact")');
  await page.waitForSelector('#f-minutes');
  await check(page, 'contact-new');
  await page.selectOption('#f-mode', 'in_person');
  await page.fill('#f-minutes', '2000');
  await page.fill('#f-notes', 'Met at the drop-in');
  page.expected = 422;
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save contact")')]);
  expect(await page.isVisible('#f-minutes-error'), 'the minutes error is shown at the field');
  expect(await page.inputValue('#f-minutes') === '2000', 'the invalid value is kept');
  expect(await page.inputValue('#f-notes') === 'Met at the drop-in', 'the other values are kept');
  await check(page, 'contact-invalid');
  page.expected = null;
  await page.fill('#f-minutes', '45');
  const contactForm = await formBody(page);
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save contact")')]);
  expect(page.url().startsWith(residentUrl), `after the contact: ${page.url()}`);
  expect((await page.textContent('main')).includes('In person, 45 minutes'), 'the contact is on the timeline');
  await postAgain(page, contactForm);
  await page.reload();
  expect((await page.textContent('main')).split('In person, 45 minutes').length === 2, 'the contact is stored once');

  // SWEMWBS baseline then follow-up; the converted score shows as the items are answered.
  for (const [timepoint, items] of [['baseline', [2, 3, 2, 3, 3, 2, 3]], ['follow_up', [4, 4, 3, 4, 4, 3, 4]]]) {
    await page.goto(residentUrl);
    await page.click('a:has-text("Record an outcome measure")');
    await page.waitForSelector('#f-item-0');
    await page.check(`input[name=timepoint][value=${timepoint}]`);
    for (let i = 0; i < 7; i++) await page.fill(`#f-item-${i}`, String(items[i]));
    await page.locator('#f-item-6').blur();  // its change event asks for the converted score
    await page.waitForFunction(() => document.querySelector('#score').textContent.includes('metric'));
    expect(!scoreUrls.some((u) => u.includes('csrf_token') || u.includes('form_token')), 'the score request carries no token');
    expect(scoreUrls.length > 0, 'the converted score came from /outcomes/score');
    await check(page, `swemwbs-${timepoint}`);
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save measure")')]);
  }
  const timeline = await page.textContent('main');
  // Raw 18 → 17.43 and raw 26 → 23.21 on the Warwick conversion table.
  expect(timeline.includes('17.43 → 23.21 (+5.78 metric points, a meaningful improvement)'),
         'the timeline shows the baseline to follow-up change on the metric scale');
  await check(page, 'resident-timeline');

  // The directory near the resident's postcode: list and map; a service page.
  await page.click('a:has-text("Find a service")');
  await page.waitForSelector('#f-postcode');
  expect(await page.inputValue('#f-postcode') === 'NE1 4ST', 'the resident\'s postcode is filled in');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Search")')]);
  await page.waitForSelector('#map path.leaflet-interactive');
  const listed = await page.locator('.services li').count();
  expect(listed > 0, 'services near NE1 4ST are listed');
  await check(page, 'directory');
  await Promise.all([page.waitForNavigation(), page.click('.services li a >> nth=0')]);
  await check(page, 'service');
  const serviceName = (await page.textContent('h1')).trim();
  const organisationName = (await page.locator('main p.org').count()) ? (await page.textContent('main p.org')).trim() : null;

  // Refer on from the service page, for the resident's open referral.
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Refer on to this service")')]);
  await page.waitForSelector('#f-referral_id');
  expect(await page.inputValue('#f-referral_id') !== '', 'the one open referral is chosen');
  await check(page, 'refer-on');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Refer on")')]);
  expect(page.url().startsWith(residentUrl), `after referring on: ${page.url()}`);
  const onward = await page.textContent('ul.onward');
  expect(onward.includes(serviceName) && onward.includes('Sent'), `the timeline lists the onward referral: ${onward}`);
  // Its status: accepted, with an outcome.
  await Promise.all([page.waitForNavigation(), page.click('ul.onward a:has-text("Update")')]);
  await page.waitForSelector('input[name=status][value=accepted]');
  await check(page, 'onward-update');
  await page.check('input[name=status][value=accepted]');
  await page.fill('#f-outcome', 'First session booked');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Save")')]);
  const moved = await page.textContent('ul.onward');
  expect(moved.includes('Accepted') && moved.includes('First session booked'), `the onward status moved: ${moved}`);

  // A need and a goal, then the goal's review.
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Record a need")')]);
  await page.waitForSelector('#f-category');
  await check(page, 'need-new');
  await page.selectOption('#f-category', 'loneliness');
  await page.fill('#f-description', 'Sees nobody most days');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Save need")')]);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Set a goal")')]);
  await page.waitForSelector('#f-what_matters');
  await check(page, 'goal-new');
  await page.fill('#f-what_matters', 'To get to the lunch club on Fridays');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Save goal")')]);
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("Review")')]);
  await page.waitForSelector('input[name=status][value=partly_achieved]');
  await check(page, 'goal-review');
  await page.check('input[name=status][value=partly_achieved]');
  await Promise.all([page.waitForNavigation(), page.click('main button:has-text("Save review")')]);
  const needs = await page.textContent('main');
  expect(needs.includes('Need: Loneliness: Sees nobody most days'), 'the need is on the timeline');
  expect(needs.includes('Goal: To get to the lunch club on Fridays (Partly achieved'), 'the reviewed goal is on the timeline');
  await check(page, 'resident-casework');
  await logOut(page);
  expect(page.url().includes('/login'), 'logout goes to the login page');

  // A second link worker cannot open the resident.
  const other = await newPage();
  await logIn(other, 'worker2');
  other.expected = 403;
  const refused = await other.goto(residentUrl);
  expect(refused.status() === 403, `worker2 on the resident: ${refused.status()}`);
  expect((await other.textContent('h1')).includes('You cannot open this page'), 'the 403 page');
  expect(!(await other.textContent('main')).includes('Zed'), 'nothing of the record shows');
  await check(other, 'forbidden');
  other.expected = null;

  // The manager's dashboard counts the new contact.
  const after = await dashboardContacts(manager);
  expect(after === before + 1, `dashboard contacts from today: ${before} before, ${after} after`);
  await check(manager, 'dashboard');
  await checkManagerDashboard(manager, tablesBefore, organisationName);
  await checkReportPages(manager);

  // The manager records a volunteer's hours (an invalid number first: shown at the field, kept).
  await manager.goto(`${base}/volunteers/hours`);
  await manager.waitForSelector('#f-volunteer_id');
  await check(manager, 'volunteer-hours');
  await manager.selectOption('#f-volunteer_id', { index: 1 });
  await manager.fill('#f-hours', '30');
  await manager.fill('#f-activity', 'Befriending calls');
  manager.expected = 422;
  await Promise.all([manager.waitForNavigation(), manager.click('main button:has-text("Save hours")')]);
  expect(await manager.isVisible('#f-hours-error'), 'the hours error is shown at the field');
  expect(await manager.inputValue('#f-hours') === '30', 'the invalid hours are kept');
  await check(manager, 'volunteer-hours-invalid');
  manager.expected = null;
  await manager.fill('#f-hours', '2.5');
  await Promise.all([manager.waitForNavigation(), manager.click('main button:has-text("Save hours")')]);
  expect((await manager.textContent('main')).includes('The hours have been saved'), 'the hours are saved');
  expect((await manager.textContent('main')).includes('Befriending calls'), 'and listed');

  // The manager's activity and outcomes reports count the flow.
  expectReportsCountTheFlow(reportsBefore, await reportFigures(manager));
  // The volunteers' pages.
  await volunteerPages(manager);

  // The manager imports a services sheet: one row accepted, one rejected and named.
  await manager.goto(`${base}/admin/directory/import`);
  await manager.waitForSelector('#f-feed');
  await check(manager, 'directory-import');
  await manager.check('input[name=format][value=csv]');
  await manager.fill('#f-feed', 'name,organization,minimum_age\nBrowser Test Walks,Parks Trust,18\nBroken Row,Parks Trust,old\n');
  await Promise.all([manager.waitForNavigation(), manager.click('main button:has-text("Import")')]);
  const imported = await manager.textContent('main');
  expect(imported.includes('Imported: 1 services'), `the import says what it wrote: ${imported.slice(0, 300)}`);
  expect(imported.includes('row 2') && imported.includes('minimum_age'), 'the rejected row is named with its column');
  await check(manager, 'directory-import-report');

  // The admin sees the refusal in the audit trail.
  const admin = await newPage();
  await logIn(admin, 'admin');
  const id = residentUrl.split('/').pop();
  await admin.goto(`${base}/admin/audit?record_type=resident&record_id=${id}`);
  const rows = await admin.locator('tbody tr:has-text("worker2"):has-text("refused")').count();
  expect(rows >= 1, 'the audit trail shows worker2 refused');
  await check(admin, 'audit');
  await admin.goto(`${base}/admin/users`);
  expect(await admin.locator('tbody tr:has-text("worker2")').count() === 1, 'the users page lists worker2');
  await check(admin, 'users');
  // The admin adds a user, then deactivates them.
  await Promise.all([admin.waitForNavigation(), admin.click('a:has-text("Add a user")')]);
  await check(admin, 'user-new');
  await admin.fill('#f-username', 'browser.temp');
  await admin.fill('#f-display_name', 'Temporary Worker');
  await admin.selectOption('#f-role', 'link_worker');
  await admin.fill('#f-password', 'temporary-password-1');
  await Promise.all([admin.waitForNavigation(), admin.click('main button:has-text("Add user")')]);
  expect(await admin.locator('tbody tr:has-text("browser.temp")').count() === 1, 'the new user is listed');
  await Promise.all([admin.waitForNavigation(), admin.click('a[aria-label="Change browser.temp"]')]);
  await check(admin, 'user-edit');
  await admin.uncheck('#f-active');
  await Promise.all([admin.waitForNavigation(), admin.click('main button:has-text("Save")')]);
  expect((await admin.textContent('tbody tr:has-text("browser.temp")')).includes('no'), 'the user is deactivated');
  await admin.goto(`${base}/admin/erasure`);
  await check(admin, 'erasure');

  // A worker changes their own password and logs in with the new one.
  const own = await newPage();
  await logIn(own, 'worker3');
  await own.click('a:has-text("Change password")');
  await own.waitForSelector('#f-current_password');
  await check(own, 'password');
  // By keyboard alone: the three boxes in Tab order, Enter submits.
  await own.focus('#f-current_password');
  await own.keyboard.type(password);
  await own.keyboard.press('Tab');
  expect(await own.evaluate(() => document.activeElement.id) === 'f-new_password', 'Tab reaches the new password');
  await own.keyboard.type('a-new-password-9');
  await own.keyboard.press('Tab');
  expect(await own.evaluate(() => document.activeElement.id) === 'f-confirm_password', 'Tab reaches the confirmation');
  await own.keyboard.type('a-new-password-9');
  await Promise.all([own.waitForNavigation(), own.keyboard.press('Enter')]);
  expect((await own.textContent('main')).includes('Your password has been changed'), 'the password is changed');
  await logOut(own);
  await own.fill('#username', 'worker3');
  await own.fill('#password', 'a-new-password-9');
  await Promise.all([own.waitForNavigation(), own.click('button[type=submit]:has-text("Log in")')]);
  expect(!own.url().includes('/login'), `worker3 logs in with the new password: ${own.url()}`);

  // Session expiry: a stale cookie brings the login page with the message.
  const stale = await newPage();
  await stale.context().addCookies([{ name: 'nhood_session', value: 'f'.repeat(64), url: base }]);
  await stale.goto(`${base}/caseload`);
  expect(stale.url().includes('/login?expired=1'), `stale session: ${stale.url()}`);
  expect((await stale.textContent('main')).includes('session has expired'), 'the expiry message');
  await check(stale, 'login-expired');
} catch (e) {
  errors.push(`flow: ${e.message}`);
} finally {
  await browser.close();
}
if (errors.length) {
  console.error(errors.join('\n'));
  process.exit(1);
}
console.log(`web app OK (${store}) on ${checked.length} pages (${checked.join(', ')}): no console errors, no serious or critical axe violations, 360 px wide; screenshots in ${out}`);
