// Reports (报表): the monthly supervision report, the half-year statistics and the satisfaction
// analysis, with filters. The figures come as the printable page's tables in both languages
//   GET /api/reports/monthly?month=YYYY-MM[&department=&product=&grade=]&format=document
//   GET /api/reports/semiannual?half=YYYY-H1|H2[&…]&format=document
//   GET /api/reports/satisfaction?from=YYYY-MM-DD&to=YYYY-MM-DD[&…]&format=document
// so the screen shows the reader's language and a new figure shows without touching this screen;
// the CSV and the printable page (with its charts) are the same report's other formats.
import { h, fill } from '../lib/dom.js';
import { t, terms, lang } from '../lib/i18n.js';
import { get, download, query } from '../lib/api.js';
import { problemBox, selectOf, facts, busy } from '../lib/ui.js';
import { field, input } from './record-actions.js';

const KINDS = { monthly: { params: ['month'], word: 'reportMonthly' }, semiannual: { params: ['half'], word: 'reportSemiannual' },
  satisfaction: { params: ['from', 'to'], word: 'reportSatisfaction' } };

const thisMonth = () => new Date().toISOString().slice(0, 7);
const thisHalf = () => `${new Date().getFullYear()}-H${new Date().getMonth() < 6 ? 1 : 2}`;
const today = () => new Date().toISOString().slice(0, 10);
const defaults = { month: thisMonth, half: thisHalf, from: () => `${thisMonth()}-01`, to: today };

export async function render(ctx) {
  const { main, query: q } = ctx;
  const kind = KINDS[q.get('kind')] ? q.get('kind') : 'monthly';
  const period = Object.fromEntries(KINDS[kind].params.map(p => [p, q.get(p) ?? defaults[p]()]));
  const filters = { department: q.get('department') ?? '', product: q.get('product') ?? '', grade: q.get('grade') ?? '' };
  const url = format => `/api/reports/${kind}` + query({ ...period, ...filters, format });
  const name = Object.values(period).join('_');

  const halves = [];
  for (let y = new Date().getFullYear(); y >= new Date().getFullYear() - 3; y--) halves.push(`${y}-H2`, `${y}-H1`);
  const form = h('form', { class: 'filters card', id: 'report-filters', role: 'search' },
    h('div', { class: 'row' },
      field(t('reportKind'), h('select', { name: 'kind', id: 'report-kind' },
        Object.entries(KINDS).map(([k, x]) => h('option', { value: k, selected: k === kind }, t(x.word))))),
      kind === 'monthly' ? field(t('reportMonth'), input('month', { type: 'month', value: period.month, id: 'report-month' }))
        : kind === 'semiannual' ? field(t('reportHalf'), h('select', { name: 'half', id: 'report-half' }, halves.map(x => h('option', { value: x, selected: x === period.half }, x))))
        : [field(t('reportFrom'), input('from', { type: 'date', value: period.from, id: 'report-from' })),
          field(t('reportTo'), input('to', { type: 'date', value: period.to, id: 'report-to' }))],
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

  const csv = h('button', { type: 'button', class: 'secondary', onclick: () => busy(csv, () => save(url('csv'), `${kind}-${name}.csv`, out)) }, t('reportCsv'));
  const html = h('button', { type: 'button', class: 'secondary', onclick: () => busy(html, () => printable(url('html'), out)) }, t('reportPrintable'));
  const out = h('div', { class: 'status' });
  const figures = h('div', { class: 'report', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('loading')));
  main.append(h('h1', {}, t('reportsTitle')), form, h('div', { class: 'buttons' }, csv, html), out, figures);
  try {
    fill(figures, documentView((await get(url('document'))).data));
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

const say = words => (words ? (lang() === 'en' ? words.en : words.zh) : '');

/** The report as its printable page has it: the title and period, its facts, then each section's tables and note. */
export function documentView(doc) {
  if (!doc || !Array.isArray(doc.sections)) return h('p', { class: 'muted' }, t('reportEmpty'));
  return [
    h('h2', { class: 'report-title' }, say(doc.title), ' · ', doc.period),
    facts(doc.facts.map(f => [say(f.label), f.value])),
    doc.sections.map((s, i) => h('section', { class: 'report-section', 'aria-labelledby': `report-s${i}` },
      h('h2', { id: `report-s${i}` }, say(s.title)),
      s.tables.map(table => table.rows.length
        ? h('div', { class: 'report-table' }, h('table', { class: 'items' },
          h('thead', {}, h('tr', {}, table.columns.map(c => h('th', { scope: 'col' }, say(c))))),
          h('tbody', {}, table.rows.map(row => h('tr', {}, row.map(cell => h('td', { class: /^[-+]?[\d.,%]+$/.test(cell) ? 'num' : null }, cell)))))))
        : h('p', { class: 'muted' }, t('reportEmpty'))),
      s.note ? h('p', { class: 'muted note' }, s.note) : null)),
  ];
}
