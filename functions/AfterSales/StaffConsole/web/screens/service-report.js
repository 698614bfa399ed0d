// The after-sales service report (售后服务报告) of a major quality problem: the technical center
// files it (problem, cause, handling, result, cost, recommendations) and quality marks it received,
// after which the complaint may close. One report per complaint: SR-<the complaint's number>.
import { h, fill, newKey, showFieldErrors } from '../lib/dom.js';
import { t, formatTime } from '../lib/i18n.js';
import { get, post, ApiError } from '../lib/api.js';
import { badge, facts, problemBox, busy } from '../lib/ui.js';
import { recordActionForm, field, text, input, val } from './record-actions.js';

const link = id => `#/service-reports/${encodeURIComponent(id)}`;
/** The report's number for a complaint's (KS-202612-0001 → SR-202612-0001). */
export const reportFor = number => 'SR-' + number.slice(3);

/** #/service-reports?complaint=KS-…: the form that files the report. */
export async function renderFiling(ctx) {
  const { main, query } = ctx;
  const key = newKey();
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('serviceReportFile'));
  const long = name => text(name, { required: true, rows: 3 });
  const form = h('form', { class: 'card', novalidate: true, id: 'service-report' },
    field(t('complaintNumber'), input('complaintNumber', { required: true, value: query.get('complaint') ?? '', placeholder: 'KS-202612-0001' })),
    field(t('reportProblem'), long('problem')), field(t('reportCause'), long('cause')),
    field(t('reportHandling'), long('handling')), field(t('reportResult'), long('result')),
    field(t('reportCost'), input('cost', { type: 'number', min: 0, step: '0.01', required: true, inputmode: 'decimal' })),
    field(t('reportRecommendations'), text('recommendations', { rows: 3 })),
    h('div', { class: 'actions' }, submit), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    const body = { complaintNumber: val(form, 'complaintNumber'), problem: val(form, 'problem'), cause: val(form, 'cause'), handling: val(form, 'handling'),
      result: val(form, 'result'), cost: val(form, 'cost') === null ? null : Number(val(form, 'cost')), recommendations: val(form, 'recommendations') };
    try {
      const { data } = await busy(submit, () => post('/api/service-reports', body, { key }));
      ctx.go(link(data.report.id));
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors))) status.append(problemBox(error));
    }
  });
  main.append(h('h1', {}, t('serviceReportTitle')), form);
}

export async function render(ctx) {
  const base = `/api/service-reports/${encodeURIComponent(ctx.params.id)}`;
  const { data, etag } = await get(base);
  show(ctx, base, data, etag);
}

function show(ctx, base, view, etag) {
  const { main } = ctx;
  const r = view.report;
  const panel = h('div', { class: 'panel', id: 'action-panel' });
  const receive = { path: 'receipt', label: 'serviceReportReceive', fields: () => [field(t('note'), text('note'))], body: f => ({ note: val(f, 'note') }) };
  const onDone = (changed, tag) => { fill(main); show(ctx, base, changed, tag); main.querySelector('h1')?.focus(); };
  const mayReceive = !r.receivedAt && ctx.can('ReceiveServiceReport');
  main.append(
    h('h1', { tabindex: '-1' }, t('serviceReportOf', { id: r.id })),
    h('p', { class: 'subtitle' }, r.receivedAt ? badge(t('receivedByQuality'), 'state') : badge(t('awaitingQuality'), 'warn'), ' ',
      h('span', { class: 'muted' }, t('version', { v: view.version }))),
    mayReceive ? h('section', { 'aria-labelledby': 'report-actions' }, h('h2', { id: 'report-actions' }, t('actions')),
      h('div', { class: 'buttons' }, h('button', { type: 'button', dataset: { action: 'receipt' }, onclick: () => {
        fill(panel, recordActionForm(ctx, { base, version: view.version, etag }, receive, onDone));
        panel.querySelector('textarea, button[type=submit]')?.focus();
      } }, t('serviceReportReceive'))), panel) : null,
    h('section', { 'aria-labelledby': 'report-facts' }, h('h2', { id: 'report-facts' }, t('serviceReportTitle')), facts([
      [t('complaintNumber'), h('a', { href: `#/complaints/${encodeURIComponent(r.complaintNumber)}` }, r.complaintNumber)],
      [t('customerName'), r.customerName], [t('reportProblem'), r.problem], [t('reportCause'), r.cause], [t('reportHandling'), r.handling],
      [t('reportResult'), r.result], [t('reportCost'), `${Number(r.cost).toFixed(2)} CNY`], [t('reportRecommendations'), r.recommendations],
      [t('reportFiledBy'), `${r.filedBy.name} · ${formatTime(r.filedAt)}`],
      [t('receivedByQuality'), r.receivedAt ? `${r.receivedBy?.name ?? ''} · ${formatTime(r.receivedAt)}${r.receiptNote ? ' · ' + r.receiptNote : ''}` : null]])));
}
