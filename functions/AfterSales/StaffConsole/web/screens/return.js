// One return order (退换货单): the complaint, the items (delivered, returned, defective, received,
// found defective), shipment, receipt, quality's inspection, replacement or refund, how it ended,
// the timeline; and the form of the stage it is at, for those whose roles may act.
import { h, fill } from '../lib/dom.js';
import { t, term, terms, formatTime, dueText } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge, facts, selectOf } from '../lib/ui.js';
import { timeline } from './timeline.js';
import { recordActionForm, field, text, input, val } from './record-actions.js';

const tracking = () => [h('div', { class: 'row' }, field(t('carrier'), input('carrier', { required: true })), field(t('trackingNumber'), input('trackingNumber', { required: true })))];

/** The form of each stage, by the action the API allows, with the endpoint whose roles it needs. */
const STAGES = {
  shipment: { endpoint: 'RecordReturnShipment', label: 'returnActShipment',
    fields: () => [field(t('shippingMethod'), selectOf('shippingMethods', { name: 'method', required: true, blank: t('choose') }, terms('shippingMethods'))), ...tracking()],
    body: f => ({ method: val(f, 'method'), carrier: val(f, 'carrier'), trackingNumber: val(f, 'trackingNumber') }) },
  receipt: { endpoint: 'RecordReturnReceipt', label: 'returnActReceipt', fields: () => [field(t('note'), text('note'))], body: f => ({ note: val(f, 'note') }) },
  inspection: { endpoint: 'RecordReturnInspection', label: 'returnActInspection',
    fields: () => [h('div', { class: 'row' },
      field(t('inspectionResult'), selectOf('inspectionResults', { name: 'result', required: true, blank: t('choose') }, terms('inspectionResults'))),
      field(t('responsibility'), selectOf('responsibilities', { name: 'responsibility', required: true, blank: t('choose') }, terms('responsibilities')))),
      field(t('inspectionFindings'), text('findings', { required: true, rows: 3 }))],
    body: f => ({ result: val(f, 'result'), responsibility: val(f, 'responsibility'), findings: val(f, 'findings') }) },
  replacement: { endpoint: 'ShipReplacement', label: 'returnActReplacement', fields: tracking,
    body: f => ({ carrier: val(f, 'carrier'), trackingNumber: val(f, 'trackingNumber') }) },
  refund: { endpoint: 'PayRefund', label: 'returnActRefund',
    fields: () => [h('div', { class: 'row' }, field(t('amount'), input('amount', { type: 'number', min: 0, step: '0.01', required: true })),
      field(t('currency'), input('currency', { value: 'CNY', maxlength: 3 })), field(t('paymentReference'), input('reference')))],
    body: f => ({ amount: val(f, 'amount') === null ? null : Number(val(f, 'amount')), currency: val(f, 'currency'), reference: val(f, 'reference') }) },
  closure: { endpoint: 'CloseReturnOrder', label: 'returnActClose', fields: () => [field(t('note'), text('note'))], body: f => ({ note: val(f, 'note') }) },
  cancellation: { endpoint: 'CancelReturnOrder', label: 'returnActCancel', fields: () => [field(t('reason'), text('reason', { required: true }))], body: f => ({ reason: val(f, 'reason') }) },
};

export async function render(ctx) {
  const base = `/api/returns/${encodeURIComponent(ctx.params.id)}`;
  const [{ data: view, etag }, events] = await Promise.all([get(base), get(`${base}/timeline`).then(r => r.data).catch(() => [])]);
  show(ctx, base, view, etag, events);
}

function show(ctx, base, view, etag, events) {
  const { main } = ctx;
  const r = view.order;
  const panel = h('div', { class: 'panel', id: 'action-panel' });
  const onDone = async (changed, tag) => {
    const history = await get(`${base}/timeline`).then(x => x.data).catch(() => events);
    fill(main);
    show(ctx, base, changed, tag, history);
    main.querySelector('h1')?.focus();
  };
  const buttons = view.allowedActions.filter(a => STAGES[a] && ctx.can(STAGES[a].endpoint)).map(a =>
    h('button', { type: 'button', class: a === 'cancellation' ? 'secondary' : '', dataset: { action: a }, onclick: () => {
      fill(panel, recordActionForm(ctx, { base, version: view.version, etag }, { path: a, ...STAGES[a] }, onDone));
      panel.querySelector('input, select, textarea, button[type=submit]')?.focus();
    } }, t(STAGES[a].label)));
  const open = r.steps.filter(s => !s.completedAt);

  main.append(
    h('h1', { tabindex: '-1' }, `${r.id} ${term('returnKinds', r.kind)}`),
    h('p', { class: 'subtitle' }, badge(term('returnStages', r.stage), 'state'), ' ',
      r.outcome ? badge(term('returnOutcomes', r.outcome), 'success') : null, ' ', h('span', { class: 'muted' }, t('version', { v: view.version }))),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'return-steps' }, h('h2', { id: 'return-steps' }, t('currentSteps')),
        open.length ? h('ul', { class: 'steps' }, open.map(s => h('li', { class: view.overdueSteps.includes(s.id) ? 'overdue' : '' },
          h('strong', {}, term('returnSteps', s.kind)), ' ', badge(term('departments', s.department)),
          h('p', { class: 'clock' }, dueText(s.dueAt), ' ', h('small', { class: 'muted' }, t('dueBy', { time: formatTime(s.dueAt) })))))) : h('p', { class: 'muted' }, t('noOpenSteps'))),
      h('section', { 'aria-labelledby': 'return-actions' }, h('h2', { id: 'return-actions' }, t('actions')),
        buttons.length ? h('div', { class: 'buttons' }, buttons) : h('p', { class: 'muted' }, t('noActions')), panel)),
    h('section', { 'aria-labelledby': 'return-facts' }, h('h2', { id: 'return-facts' }, t('facts')), facts([
      [t('complaintNumber'), h('a', { href: `#/complaints/${encodeURIComponent(r.complaintNumber)}` }, r.complaintNumber)],
      [t('customer'), r.customerName], [t('reason'), r.reason], [t('openedBy'), `${r.openedBy.name} · ${formatTime(r.openedAt)}`],
      [t('shipment'), r.shipment ? `${term('shippingMethods', r.shipment.method)} · ${r.shipment.carrier} ${r.shipment.trackingNumber}` : null],
      [t('receipt'), r.receipt ? `${r.receipt.by.name} · ${formatTime(r.receipt.at)}${r.receipt.note ? ' · ' + r.receipt.note : ''}` : null],
      [t('inspectionResult'), r.inspection ? `${term('inspectionResults', r.inspection.result)} · ${term('responsibilities', r.inspection.responsibility)} · ${r.inspection.findings}` : null],
      [t('replacement'), r.replacement ? `${r.replacement.carrier} ${r.replacement.trackingNumber}` : null],
      [t('refund'), r.refund ? `${r.refund.amount} ${r.refund.currency}${r.refund.reference ? ' · ' + r.refund.reference : ''}` : null],
      [t('closingNote'), r.closingNote],
    ])),
    h('section', { 'aria-labelledby': 'return-items' }, h('h2', { id: 'return-items' }, t('returnItems')),
      h('table', { class: 'measures-table' },
        h('thead', {}, h('tr', {}, ['partNumber', 'deliveredQuantity', 'returnedQuantity', 'defectiveQuantity', 'receivedQuantity', 'defectiveFound'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, r.items.map(i => h('tr', {}, [i.partNumber, i.deliveredQuantity, i.quantity, i.defectiveQuantity, i.receivedQuantity ?? '—', i.defectiveFound ?? '—'].map(v => h('td', {}, v))))))),
    h('section', { 'aria-labelledby': 'return-timeline' }, h('h2', { id: 'return-timeline' }, t('timeline')), timeline(events)));
}
