// The CAPA board (纠正预防措施看板): open CAPAs in a column per stage of the closed loop, late
// measures marked; filters by part number and overdue measures; closed ones by month with their
// verdict; and, for quality, the form that opens a CAPA from one or more complaints.
import { h, fill, newKey, showFieldErrors } from '../lib/dom.js';
import { t, term, formatTime } from '../lib/i18n.js';
import { get, post, query, ApiError } from '../lib/api.js';
import { badge, problemBox, busy } from '../lib/ui.js';
import { field, text, input, val } from './record-actions.js';

const OPEN_STAGES = ['notification', 'causeAnalysis', 'planning', 'review', 'approval', 'execution', 'verification', 'closure'];

export async function render(ctx) {
  const { main, query: q } = ctx;
  const part = q.get('partNumber') ?? '';
  const overdue = q.get('overdueMeasures') === 'true';
  const closed = q.get('closed') === 'true';
  const reload = changes => {
    const next = new URLSearchParams({ partNumber: part, overdueMeasures: overdue ? 'true' : '', closed: closed ? 'true' : '', ...changes });
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    ctx.go(`#/capa${next.size ? '?' + next : ''}`);
  };
  const partBox = h('input', { type: 'search', id: 'capa-part', value: part, autocomplete: 'off' });
  partBox.addEventListener('change', () => reload({ partNumber: partBox.value.trim() }));
  main.append(h('h1', {}, t('capaTitle')),
    h('div', { class: 'filters', role: 'group', 'aria-label': t('filters') },
      h('label', { for: 'capa-part' }, t('partNumber')), partBox,
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'capa-overdue', checked: overdue,
        onchange: e => reload({ overdueMeasures: e.target.checked ? 'true' : '' }) }), ' ', t('filterOverdueMeasures')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'capa-closed', checked: closed,
        onchange: e => reload({ closed: e.target.checked ? 'true' : '' }) }), ' ', t('filterClosedCapas'))));
  if (ctx.can('OpenCapa')) main.append(openForm(ctx));

  const board = h('div', { class: 'board', 'aria-live': 'polite' });
  main.append(board);
  try {
    const { data } = await get('/api/capas' + query({ partNumber: part, overdueMeasures: overdue ? 'true' : '', open: closed ? 'false' : '', pageSize: 200 }));
    const stages = closed ? ['closed'] : OPEN_STAGES;
    fill(board, stages.map(stage => {
      const items = data.items.filter(c => c.stage === stage);
      return h('section', { class: 'column', 'aria-labelledby': `col-${stage}`, dataset: { stage } },
        h('h2', { id: `col-${stage}` }, term('capaStages', stage), ' ', h('small', { class: 'muted' }, String(items.length))),
        items.length ? h('ul', { class: 'cards' }, items.map(card)) : h('p', { class: 'muted' }, '—'));
    }));
  } catch (error) {
    fill(board, problemBox(error));
  }
}

function card(c) {
  return h('li', { class: 'card' + (c.overdue ? ' overdue' : ''), dataset: { capa: c.id } },
    h('a', { href: `#/capas/${encodeURIComponent(c.id)}` }, h('strong', {}, c.id)), ' ', c.title,
    h('p', { class: 'muted' }, [c.partNumber, c.responsibleDepartment ? term('departments', c.responsibleDepartment) : null,
      t('complaintsCount', { n: c.complaints }), formatTime(c.openedAt)].filter(Boolean).join(' · ')),
    c.overdue ? badge(t('overdue'), 'danger') : null,
    c.outcome ? badge(term('capaOutcomes', c.outcome), 'success') : null,
    c.effective === true ? badge(t('verifiedEffective'), 'success') : c.effective === false ? badge(t('notEffective'), 'danger') : null);
}

/** Opening a CAPA: the problem, its complaints, the part, and the service feedback record's three decisions. */
function openForm(ctx) {
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('capaOpen'));
  const decision = (name, label) => h('div', { class: 'row' },
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: `${name}.needed`, checked: true }), ' ', label),
    field(t('decisionRecord'), input(`${name}.record`)));
  const form = h('form', { class: 'card', novalidate: true, id: 'capa-open' },
    field(t('capaTitleField'), input('title', { required: true, maxlength: 200 })),
    field(t('capaProblem'), text('problem', { required: true, rows: 3 })),
    h('div', { class: 'row' }, field(t('partNumber'), input('partNumber')),
      field(t('capaComplaints'), input('complaints', { placeholder: 'KS-202612-0001, KS-202612-0002' }))),
    decision('causeAnalysis', t('decisionCause')), decision('action', t('decisionAction')), decision('effectConfirmation', t('decisionEffect')),
    h('div', { class: 'actions' }, submit), status);
  const key = newKey();
  const decided = name => ({ needed: form.elements[`${name}.needed`].checked, record: val(form, `${name}.record`) });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    const body = { title: val(form, 'title'), problem: val(form, 'problem'), partNumber: val(form, 'partNumber'),
      complaints: (val(form, 'complaints') ?? '').split(/[\s,，]+/).filter(Boolean),
      decisions: { causeAnalysis: decided('causeAnalysis'), action: decided('action'), effectConfirmation: decided('effectConfirmation') } };
    try {
      const { data } = await busy(submit, () => post('/api/capas', body, { key }));
      ctx.go(`#/capas/${encodeURIComponent(data.capa.id)}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors))) status.append(problemBox(error));
    }
  });
  return h('details', { class: 'open-capa' }, h('summary', {}, t('capaOpen')), form);
}
