// Comparing coders in a real browser: a lead opens the agreement dashboard of
// the sample project (two demo coders who coded and submitted three
// interviews), finds the figures the API computes, sorts, filters, opens the
// differences on a theme into the compare view, downloads the workbook, and
// reads it all at 200% zoom and on a tablet.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { check, newContext, noSideways } from './browser.mjs';
import { apiOf, lead, startTandem } from './tandem.mjs';


const tandem = startTandem();
const api = apiOf(tandem);


// The dashboard's way of writing figures (src/agreement/agreement.ts).
const stat = (v) => (v === null ? 'n/a' : (v < 0 && Math.abs(v).toFixed(3) !== '0.000' ? '\u2212' : '') + Math.abs(v).toFixed(3));
const percent = (v) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const readingWord = { reliable: 'Reliable', tentative: 'Tentative', 'not reliable': 'Not reliable', 'not enough data': 'Not enough data' };

/** chartsDrawn waits until the charts are drawn and stay still (they lay
 * themselves out again once they know their width). */
async function chartsDrawn(page) {
  await page.locator('.recharts-surface').first().waitFor();
  let last = '';
  for (let i = 0; i < 40; i++) {
    const now = await page.evaluate(() =>
      [...document.querySelectorAll('.recharts-surface, .recharts-errorBar line')]
        .slice(0, 6)
        .map((e) => (e.tagName === 'line' ? `${e.getAttribute('x1')},${e.getAttribute('x2')}` : `${e.getAttribute('width')}`))
        .join(';'),
    );
    if (now && now === last) return;
    last = now;
    await page.waitForTimeout(150);
  }
}

/** rowCells reads the theme table: for each row, its header and cells' text. */
const rowCells = (page, table) =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll(`${sel} tbody tr`)].map((tr) => ({
        name: tr.querySelector('th').firstChild.textContent,
        cells: Object.fromEntries([...tr.querySelectorAll('td')].map((td) => [td.dataset.label, td.innerText.replace(/\s+/g, ' ').trim()])),
      })),
    table,
  );

test('a lead compares the coders of the sample project', async () => {
  const session = await api('POST', '/auth/login', null, { email: lead.email, password: lead.password });
  const token = session.accessToken;
  const project = await api('POST', '/projects/sample', token);
  const pid = project.id;
  const report = await api('GET', `/projects/${pid}/agreement`, token);
  assert.ok(report.coders.length >= 2 && report.themes.length > 0, 'the sample project has coding to compare');

  const ctx = await newContext(tandem.browser, { acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(tandem.server.base + '/login');
  await page.getByLabel('Email address').fill(lead.email);
  await page.getByLabel('Password').fill(lead.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your projects' }).waitFor();

  // From the project home to the dashboard.
  await page.goto(`${tandem.server.base}/projects/${pid}`);
  await page.getByRole('link', { name: 'Compare coders' }).click();
  await page.getByRole('heading', { name: 'Compare coders', level: 1 }).waitFor();
  await page.locator('table.ag-themes tbody tr').first().waitFor();
  // The charts load on their own; wait for them before the picture.
  await chartsDrawn(page);

  // Every theme, with the figures of the API's report, in the codebook's order.
  const rows = await rowCells(page, 'table.ag-themes');
  assert.deepEqual(
    rows.map((r) => r.name),
    report.themes.map((t) => t.name),
  );
  for (const [i, t] of report.themes.entries()) {
    const c = rows[i].cells;
    assert.ok(c.Alpha.startsWith(stat(t.alpha.value)), `${t.name}: alpha ${c.Alpha} vs ${t.alpha.value}`);
    assert.ok(c.Alpha.endsWith(readingWord[t.reading]), `${t.name}: the reading ${t.reading} is written (${c.Alpha})`);
    if (t.alphaLow !== undefined) assert.equal(c['95% interval'], `${stat(t.alphaLow)} to ${stat(t.alphaHigh)}`);
    assert.equal(c['Percent agreement'], percent(t.percentAgreement.value));
    assert.ok(c['Cohen’s kappa (mean)'].startsWith(stat(t.cohenKappaMean.value)));
    assert.ok(c['Fleiss’ kappa'].startsWith(stat(t.fleissKappa.value)));
    assert.ok(c['Gwet’s AC1'].startsWith(stat(t.gwetAC1.value)));
    assert.ok(c.Prevalence.startsWith(percent(t.prevalence.value)));
    assert.ok(c['|uα (spans)'].startsWith(stat(t.binaryUAlpha.value)));
    assert.equal(c.Units, String(t.units));
    assert.equal(c.Coders, String(t.coders));
  }
  assert.ok(!(await page.locator('main').innerText()).includes('NaN'), 'no NaN anywhere');
  // The coder matrix, the per-interview list and the peer / academic table show the report too.
  const heat = await page.locator('table.ag-heat tbody tr').first().locator('td').nth(1).innerText();
  assert.ok(heat.includes(stat(report.coderMatrix[0][1].value)), `matrix cell ${heat}`);
  for (const t of report.transcripts) {
    await page.getByRole('row', { name: new RegExp(t.title) }).getByText(stat(t.meanAlpha.value)).first().waitFor();
  }
  await page.locator('table.ag-groups tbody tr').nth(report.groups.length - 1).waitFor();
  // The explanation in plain words.
  await page.getByText('What do these numbers mean?').click();
  await page.getByText('takes away the agreement they would reach by chance').waitFor();
  await check(page, 'a01-dashboard');
  await noSideways(page, 'a01-dashboard');

  // Sort by alpha: lowest first, undefined last; then highest first.
  const alphaHeader = page.locator('table.ag-themes thead th', { hasText: 'Alpha' }).first();
  await alphaHeader.getByRole('button').click();
  assert.equal(await alphaHeader.getAttribute('aria-sort'), 'ascending');
  const byAlpha = (dir) =>
    report.themes
      .map((t, i) => ({ t, i }))
      .sort((a, b) => {
        const [x, y] = [a.t.alpha.value, b.t.alpha.value];
        if (x === null || y === null) return x === null && y === null ? a.i - b.i : x === null ? 1 : -1;
        return (x - y) * dir || a.i - b.i;
      })
      .map((x) => x.t.name);
  assert.deepEqual(
    (await rowCells(page, 'table.ag-themes')).map((r) => r.name),
    byAlpha(1),
  );
  await alphaHeader.getByRole('button').click();
  assert.equal(await alphaHeader.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(
    (await rowCells(page, 'table.ag-themes')).map((r) => r.name),
    byAlpha(-1),
  );
  await check(page, 'a02-sorted');

  // A theme where the coders differ: its alpha opens the differences per interview.
  const weak = report.themes.filter((t) => t.alpha.value !== null && t.alpha.value < 0.8).sort((a, b) => a.alpha.value - b.alpha.value)[0];
  assert.ok(weak, 'a theme with an alpha below 0.800');
  await page.locator('table.ag-themes').getByRole('button', { name: `where do the coders differ on ${weak.name}?` }).click();
  const panel = page.locator('section.ag-differences');
  await panel.getByRole('heading', { name: `Where the coders differ on “${weak.name}”` }).waitFor();
  // Find (through the API) an interview where they differ on the theme by unit.
  let target = null;
  let expected = null;
  for (const t of report.transcripts) {
    const d = await api('GET', `/projects/${pid}/agreement/disagreements?transcript=${t.id}&theme=${weak.nodeId}`, token);
    await panel.getByRole('row', { name: new RegExp(t.title) }).getByRole('cell').first().filter({ hasText: String(d.units.length) }).waitFor();
    if (!target && d.units.length > 0) [target, expected] = [t, d];
  }
  assert.ok(target, `the coders differ on ${weak.name} in some unit`);
  // Scott's pi and Brennan–Prediger, each with its value and one plain line, when the report has them; nothing otherwise.
  const more = panel.locator('dl.ag-more');
  for (const [key, name] of [['scottPiMean', 'Scott’s pi'], ['brennanPrediger', 'Brennan–Prediger']]) {
    if (weak[key]) await more.locator('dt', { hasText: `${name}: ${stat(weak[key].value)}` }).waitFor();
    else assert.equal(await panel.getByText(name).count(), 0, `no ${name} without the figure`);
  }
  await check(page, 'a03-theme-differences');
  await panel.getByRole('link', { name: new RegExp(`^${target.title}`) }).click();

  // The compare view: lanes per coder, the differences marked and listed.
  await page.getByRole('heading', { name: `Compare coders: ${target.title}` }).waitFor();
  assert.match(page.url(), new RegExp(`/projects/${pid}/compare/${target.id}\\?theme=${weak.nodeId}$`));
  assert.equal(await page.getByLabel('Theme').inputValue(), weak.nodeId);
  const list = page.locator('section[aria-labelledby="cmp-differences"]');
  await list.getByRole('heading', { name: `Where the coders differ on “${weak.name}”` }).waitFor();
  await list.getByRole('heading', { name: `Turns (${expected.units.length})` }).waitFor();
  await list.getByRole('heading', { name: `Stretches of text (${expected.spans.length})` }).waitFor();
  const names = new Map(expected.coders.map((c) => [c.id, c.name]));
  const first = list.locator('ul.cmp-list').first().locator('li').first();
  assert.equal((await first.locator('.cmp-who').nth(0).innerText()).replace(/^.*?:\s*/, ''), expected.units[0].applied.map((id) => names.get(id)).join(' and '));
  assert.equal((await first.locator('.cmp-who').nth(1).innerText()).replace(/^.*?:\s*/, ''), expected.units[0].notApplied.map((id) => names.get(id)).join(' and '));
  assert.ok((await page.locator('li.cmp-turn.cmp-has-diff').count()) >= 1, 'a turn is marked');
  for (const c of report.coders) await page.locator('.cmp-lane-name', { hasText: c.name }).first().waitFor();
  await check(page, 'a04-compare-theme');
  // "Show in the interview" goes to the turn.
  await first.getByRole('link', { name: /Show turn \d+ in the interview/ }).click();
  assert.match(page.url(), /#turn-\d+$/);
  assert.match(await page.evaluate(() => document.activeElement?.id ?? ''), /^turn-\d+$/);
  // All themes: the turns where they differ on any theme.
  await page.getByLabel('Theme').selectOption('');
  await page.getByRole('status').filter({ hasText: /The coders differ on some theme in \d+ of \d+ turns/ }).waitFor();
  assert.ok(!page.url().includes('theme='));
  await check(page, 'a05-compare-all');

  // Back on the dashboard: filter to one interview and sentences; the figures follow the API.
  await page.goto(`${tandem.server.base}/projects/${pid}/agreement`);
  await page.locator('table.ag-themes tbody tr').first().waitFor();
  const one = report.transcripts[0];
  await page.getByRole('group', { name: 'Interviews' }).getByLabel(one.title).check();
  await page.getByLabel('Count agreement per').selectOption('sentence');
  await page.getByRole('button', { name: 'Update the figures' }).click();
  const filtered = await api('GET', `/projects/${pid}/agreement?unit=sentence&transcripts=${one.id}`, token);
  await page.getByText(`${filtered.comparedUnits} sentences`).waitFor();
  const frows = await rowCells(page, 'table.ag-themes');
  for (const [i, t] of filtered.themes.entries()) assert.ok(frows[i].cells.Alpha.startsWith(stat(t.alpha.value)), `${t.name} filtered`);
  // A wrong overlap is explained at the field.
  await page.getByLabel('Minimum overlap (characters)').fill('0');
  await page.getByRole('button', { name: 'Update the figures' }).click();
  await page.getByText('Enter a whole number of characters from 1 to 10,000.').waitFor();
  await check(page, 'a06-filtered');
  await noSideways(page, 'a06-filtered');
  await page.getByRole('button', { name: 'Compare everything again' }).click();
  await page.getByText(`${report.comparedUnits} turns`).waitFor();

  // The workbook.
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel workbook (.xlsx)' }).click()]);
  assert.match(xlsx.suggestedFilename(), /\.xlsx$/);
  const book = readFileSync(await xlsx.path());
  assert.ok(book.length > 2000 && book.subarray(0, 2).toString() === 'PK', `a workbook (${book.length} bytes)`);
  await page.getByRole('status').filter({ hasText: `Downloaded “${xlsx.suggestedFilename()}”` }).waitFor();

  // 200% zoom and a tablet: everything reflows.
  await page.setViewportSize({ width: 550, height: 900 });
  await page.reload();
  await page.locator('table.ag-themes tbody tr').first().waitFor();
  await chartsDrawn(page);
  await check(page, 'a07-zoom-dashboard');
  await noSideways(page, 'a07-zoom-dashboard');
  await page.goto(`${tandem.server.base}/projects/${pid}/compare/${target.id}?theme=${weak.nodeId}`);
  await page.locator('section[aria-labelledby="cmp-differences"]').waitFor();
  await check(page, 'a08-zoom-compare');
  await noSideways(page, 'a08-zoom-compare');
  await page.setViewportSize({ width: 768, height: 1024 });
  await page.goto(`${tandem.server.base}/projects/${pid}/agreement`);
  await page.locator('table.ag-themes tbody tr').first().waitFor();
  await chartsDrawn(page);
  await check(page, 'a09-tablet-dashboard');
  await noSideways(page, 'a09-tablet-dashboard');

  // The sample has one peer and one academic coder, so agreement within a
  // group is "not enough data" there. To see the peer / academic chart and a
  // split theme, the page is given the report with within-group figures added.
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.route(/\/api\/v1\/projects\/[^/]+\/agreement(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const r = await res.json();
    r.groups = r.groups.map((g, i) => ({
      ...g,
      withinPeer: { value: 0.9 - i * 0.01 },
      withinAcademic: i % 3 === 0 ? { value: null, note: 'not enough data: no variation' } : { value: 0.85 },
      across: { value: i === 1 ? 0.41 : 0.8 },
      split: i === 1,
    }));
    await route.fulfill({ response: res, json: r });
  });
  await page.reload();
  await page.locator('table.ag-groups tbody tr').first().waitFor();
  await chartsDrawn(page);
  const split = report.groups[1].name;
  await page.getByText('1 theme split along the peer / academic line:').waitFor();
  await page.locator('table.ag-groups tr.ag-split').getByRole('rowheader', { name: split }).waitFor();
  await page.locator('table.ag-groups tr.ag-split').getByText('Splits').waitFor();
  assert.ok((await page.locator('figure:has(#group-chart-title) .recharts-bar-rectangle').count()) >= report.groups.length, 'the peer / academic chart is drawn');
  await check(page, 'a10-peer-academic');
  await page.unroute(/\/api\/v1\/projects\/[^/]+\/agreement(\?.*)?$/);
  await ctx.close();
});
