// Reports (报表): the monthly report and the half-year one, with filters, their figures as tables,
// and the CSV and printable HTML the API renders. Written against the contract
//   GET /api/reports/monthly?month=YYYY-MM[&department=&product=&grade=]   (JSON; &format=csv|html)
//   GET /api/reports/semiannual?half=YYYY-H1|H2[&…]                        (the same, per half-year)
// and tolerant of what the JSON holds: every section it has is shown as a table (arrays of rows)
// or a list of figures (objects), so a new figure shows without touching this screen.
import { h, fill } from '../lib/dom.js';
import { t, terms } from '../lib/i18n.js';
import { get, download, query } from '../lib/api.js';
import { problemBox, selectOf, facts, busy } from '../lib/ui.js';
import { field, input } from './record-actions.js';

const KINDS = { monthly: { param: 'month' }, semiannual: { param: 'half' } };

const thisMonth = () => new Date().toISOString().slice(0, 7);
const thisHalf = () => `${new Date().getFullYear()}-H${new Date().getMonth() < 6 ? 1 : 2}`;

export async function render(ctx) {
  const { main, query: q } = ctx;
  const kind = KINDS[q.get('kind')] ? q.get('kind') : 'monthly';
  const period = q.get(KINDS[kind].param) ?? (kind === 'monthly' ? thisMonth() : thisHalf());
  const filters = { department: q.get('department') ?? '', product: q.get('product') ?? '', grade: q.get('grade') ?? '' };
  const url = format => `/api/reports/${kind}` + query({ [KINDS[kind].param]: period, ...filters, format });

  const halves = [];
  for (let y = new Date().getFullYear(); y >= new Date().getFullYear() - 3; y--) halves.push(`${y}-H2`, `${y}-H1`);
  const form = h('form', { class: 'filters card', id: 'report-filters', role: 'search' },
    h('div', { class: 'row' },
      field(t('reportKind'), h('select', { name: 'kind', id: 'report-kind' },
        Object.keys(KINDS).map(k => h('option', { value: k, selected: k === kind }, t(k === 'monthly' ? 'reportMonthly' : 'reportSemiannual'))))),
      kind === 'monthly'
        ? field(t('reportMonth'), input('month', { type: 'month', value: period, id: 'report-month' }))
        : field(t('reportHalf'), h('select', { name: 'half', id: 'report-half' }, halves.map(x => h('option', { value: x, selected: x === period }, x)))),
      field(t('departments'), selectOf('departments', { name: 'department', id: 'report-department', value: filters.department, blank: t('filterAll') }, terms('departments'))),
      field(t('product'), input('product', { value: filters.product, id: 'report-product' })),
      field(t('grade'), selectOf('customerGrades', { name: 'grade', id: 'report-grade', value: filters.grade, blank: t('allGrades') }, terms('customerGrades')))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('reportShow'))));
  form.elements.kind.addEventListener('change', () => ctx.go(`#/reports?kind=${form.elements.kind.value}`));
  form.addEventListener('submit', e => {
    e.preventDefault();
    const values = Object.fromEntries([...new FormData(form)].map(([k, v]) => [k, String(v).trim()]));
    ctx.go('#/reports' + query(values));
  });

  const csv = h('button', { type: 'button', class: 'secondary', onclick: () => busy(csv, () => save(url('csv'), `${kind}-${period}.csv`, out)) }, t('reportCsv'));
  const html = h('button', { type: 'button', class: 'secondary', onclick: () => busy(html, () => printable(url('html'), out)) }, t('reportPrintable'));
  const out = h('div', { class: 'status' });
  const figures = h('div', { class: 'report', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('loading')));
  main.append(h('h1', {}, t('reportsTitle')), form, h('div', { class: 'buttons' }, csv, html), out, figures);
  try {
    fill(figures, sections((await get(url())).data));
  } catch (error) {
    fill(figures, problemBox(error));
  }
}

/** The CSV, fetched with the token and saved under a name. */
async function save(path, name, out) {
  out.replaceChildren();
  try {
    const blobUrl = URL.createObjectURL(await download(path));
    const a = h('a', { href: blobUrl, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
  } catch (error) {
    out.append(problemBox(error));
  }
}

/** The printable HTML in a new tab (from a blob: the API wants the token, a plain link has none). */
async function printable(path, out) {
  out.replaceChildren();
  try {
    const blobUrl = URL.createObjectURL(await download(path));
    window.open(blobUrl, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  } catch (error) {
    out.append(problemBox(error));
  }
}

const words = key => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, c => c.toUpperCase());
const cell = v => (v === null || v === undefined ? '' : typeof v === 'object' ? (Array.isArray(v) && v.every(x => typeof x !== 'object') ? v.join(', ') : JSON.stringify(v)) : String(v));

/** Every section of the report: arrays of rows as tables, objects as figures, scalars together. */
export function sections(data) {
  if (!data || typeof data !== 'object') return h('p', { class: 'muted' }, t('reportEmpty'));
  const list = Array.isArray(data.sections)
    ? data.sections.map((s, i) => [s.title ?? s.name ?? s.key ?? `#${i + 1}`, s.rows ?? s.items ?? s.data ?? s])
    : Object.entries(data);
  const scalars = list.filter(([, v]) => v === null || typeof v !== 'object');
  const blocks = list.filter(([, v]) => v !== null && typeof v === 'object');
  return [
    scalars.length ? facts(scalars.map(([k, v]) => [words(k), cell(v)])) : null,
    blocks.map(([k, v], i) => h('section', { class: 'report-section', 'aria-labelledby': `report-s${i}` },
      h('h2', { id: `report-s${i}` }, typeof k === 'string' ? words(k) : cell(k)), block(v))),
  ];
}

function block(v) {
  if (Array.isArray(v)) {
    if (!v.length) return h('p', { class: 'muted' }, t('reportEmpty'));
    if (v.every(x => x && typeof x === 'object' && !Array.isArray(x))) {
      const columns = [...new Set(v.flatMap(Object.keys))];
      return h('div', { class: 'report-table' }, h('table', { class: 'items' },
        h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col' }, words(c))))),
        h('tbody', {}, v.map(row => h('tr', {}, columns.map(c => h('td', { class: typeof row[c] === 'number' ? 'num' : null }, cell(row[c]))))))));
    }
    return h('p', {}, cell(v));
  }
  const entries = Object.entries(v);
  const nested = entries.filter(([, x]) => Array.isArray(x) && x.some(y => y && typeof y === 'object'));
  return [facts(entries.filter(e => !nested.includes(e)).map(([k, x]) => [words(k), cell(x)])),
    nested.map(([k, x]) => [h('h3', {}, words(k)), block(x)])];
}
