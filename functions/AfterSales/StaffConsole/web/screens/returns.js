// Return orders (退换货): procurement's open orders by stage, late ones marked, ended ones by month;
// and the form that opens one from a complaint on the return path (authorisation number on save).
import { h, fill, newKey, showFieldErrors } from '../lib/dom.js';
import { t, term, terms, formatTime } from '../lib/i18n.js';
import { get, post, query, ApiError } from '../lib/api.js';
import { badge, problemBox, busy, selectOf } from '../lib/ui.js';
import { field, text, input, val } from './record-actions.js';

export async function render(ctx) {
  const { main, query: q } = ctx;
  const stage = q.get('stage') ?? '';
  const stageSelect = selectOf('returnStages', { id: 'returns-stage', value: stage, blank: t('filterAll') }, terms('returnStages'));
  stageSelect.addEventListener('change', () => ctx.go('#/returns' + (stageSelect.value ? `?stage=${stageSelect.value}` : '')));
  main.append(h('h1', {}, t('returnsTitle')),
    h('div', { class: 'filters', role: 'group', 'aria-label': t('filters') }, h('label', { for: 'returns-stage' }, t('filterState')), stageSelect));
  if (ctx.can('OpenReturnOrder')) main.append(openForm(ctx, q.get('complaint')));

  const list = h('ul', { class: 'cards', 'aria-live': 'polite' });
  main.append(list);
  try {
    const { data } = await get('/api/returns' + query({ stage, open: stage === 'closed' || stage === 'cancelled' ? 'false' : '', pageSize: 100 }));
    fill(list, data.items.length ? data.items.map(card) : h('li', { class: 'muted' }, t('noReturns')));
  } catch (error) {
    fill(list, problemBox(error));
  }
}

function card(r) {
  return h('li', { class: 'card' + (r.overdue ? ' overdue' : ''), dataset: { return: r.id } },
    h('a', { href: `#/returns/${encodeURIComponent(r.id)}` }, h('strong', {}, r.id)), ' ',
    badge(term('returnKinds', r.kind)), ' ', badge(term('returnStages', r.stage), 'state'),
    r.overdue ? [' ', badge(t('overdue'), 'danger')] : null,
    h('p', { class: 'muted' }, [r.customerName, r.partNumbers.join(', '), r.complaintNumber,
      r.nextDueAt ? t('dueBy', { time: formatTime(r.nextDueAt) }) : null].filter(Boolean).join(' · ')));
}

/** Opening a return order: the complaint, return or exchange, the part's delivered, returned and defective counts. */
function openForm(ctx, complaint) {
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('returnOpen'));
  const number = (name, attrs = {}) => input(name, { type: 'number', min: 0, inputmode: 'numeric', ...attrs });
  const form = h('form', { class: 'card', novalidate: true, id: 'return-open' },
    h('div', { class: 'row' }, field(t('complaintNumber'), input('complaintNumber', { required: true, value: complaint ?? '', placeholder: 'KS-202612-0001' })),
      field(t('returnKind'), selectOf('returnKinds', { name: 'kind', required: true, blank: t('choose') }, terms('returnKinds')))),
    h('div', { class: 'row' }, field(t('partNumber'), input('items[0].partNumber', { required: true })),
      field(t('deliveredQuantity'), number('items[0].deliveredQuantity')),
      field(t('returnedQuantity'), number('items[0].quantity', { required: true })),
      field(t('defectiveQuantity'), number('items[0].defectiveQuantity', { required: true }))),
    field(t('reason'), text('reason')),
    h('div', { class: 'actions' }, submit), status);
  const key = newKey();
  const count = name => (val(form, name) === null ? null : Number(val(form, name)));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    const body = { complaintNumber: val(form, 'complaintNumber'), kind: val(form, 'kind'), reason: val(form, 'reason'),
      items: [{ partNumber: val(form, 'items[0].partNumber'), deliveredQuantity: count('items[0].deliveredQuantity'),
        quantity: count('items[0].quantity'), defectiveQuantity: count('items[0].defectiveQuantity') }] };
    try {
      const { data } = await busy(submit, () => post('/api/returns', body, { key }));
      ctx.go(`#/returns/${encodeURIComponent(data.order.id)}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors))) status.append(problemBox(error));
    }
  });
  return h('details', { class: 'open-capa', open: complaint ? true : null }, h('summary', {}, t('returnOpen')), form);
}
