// One CAPA (纠正和预防措施): the problem and its complaints, the three decisions, the cause, the
// measures with their owners and deadlines, the decisions on the plan, the verifications, how it
// ended, the timeline; and the form for the stage it is at, for those whose roles may act.
import { h, fill } from '../lib/dom.js';
import { t, term, terms, formatTime, dueText } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge, facts, selectOf } from '../lib/ui.js';
import { timeline } from './timeline.js';
import { recordActionForm, field, text, input, val, choice, yesNo, instant, evidence } from './record-actions.js';

const staff = (form, prefix) => (val(form, `${prefix}.id`) ? { id: val(form, `${prefix}.id`), name: val(form, `${prefix}.name`) ?? val(form, `${prefix}.id`) } : null);
const staffFields = prefix => h('div', { class: 'row' },
  field(t('staffId'), input(`${prefix}.id`)), field(t('staffName'), input(`${prefix}.name`)));

/** The form of each stage, by the action the API allows (its path), with the endpoint whose roles it needs. */
const STAGES = {
  notification: { endpoint: 'NotifyCapaDepartment', label: 'capaActNotify',
    fields: () => [field(t('responsibleDepartment'), selectOf('departments', { name: 'department', required: true, blank: t('choose') }, terms('departments'))),
      staffFields('contact'), field(t('note'), text('note'))],
    body: f => ({ department: val(f, 'department'), contact: staff(f, 'contact'), note: val(f, 'note') }) },
  'cause-analysis': { endpoint: 'RecordCapaCause', label: 'capaActCause',
    fields: () => [field(t('rootCause'), text('rootCause', { required: true, rows: 3 })),
      field(t('causeCategory'), selectOf('causeCategories', { name: 'category', required: true, blank: t('choose') }, terms('causeCategories'))),
      field(t('analysis'), text('analysis')), field(t('evidenceReference'), input('evidence'))],
    body: f => ({ rootCause: val(f, 'rootCause'), category: val(f, 'category'), analysis: val(f, 'analysis'), evidence: evidence(f) }) },
  plan: { endpoint: 'SubmitCapaPlan', label: 'capaActPlan', fields: () => [measureRows(), field(t('note'), text('note'))],
    body: f => ({ measures: [...f.querySelectorAll('.measure-row')].map(measure), note: val(f, 'note') }) },
  review: { endpoint: 'ReviewCapaPlan', label: 'capaActReview', fields: () => [choice('approved', t('planApproved')), field(t('reason'), text('reason'))],
    body: f => ({ approved: yesNo(f, 'approved'), reason: val(f, 'reason') }) },
  approval: { endpoint: 'ApproveCapaPlan', label: 'capaActApprove', fields: () => [choice('approved', t('planApproved')), field(t('reason'), text('reason'))],
    body: f => ({ approved: yesNo(f, 'approved'), reason: val(f, 'reason') }) },
  verification: { endpoint: 'VerifyCapaEffect', label: 'capaActVerify',
    fields: () => [choice('effective', t('effective')), field(t('note'), text('note', { required: true })), field(t('evidenceReference'), input('evidence', { required: true }))],
    body: f => ({ effective: yesNo(f, 'effective'), note: val(f, 'note'), evidence: evidence(f) }) },
  closure: { endpoint: 'CloseCapa', label: 'capaActClose',
    fields: () => [h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'standardised' }), ' ', t('standardised')),
      h('div', { class: 'row' }, field(t('standardDocument'), selectOf('standardDocuments', { name: 'documents', blank: t('choose') }, terms('standardDocuments'))),
        field(t('documentReference'), input('reference'))), field(t('note'), text('note'))],
    body: f => ({ standardised: f.elements.standardised.checked, note: val(f, 'note'),
      documents: val(f, 'documents') ? [{ kind: val(f, 'documents'), reference: val(f, 'reference') }] : [] }) },
};

const COMPLETE = id => ({ path: `measures/${encodeURIComponent(id)}/completion`, label: 'capaActComplete', title: `${t('capaActComplete')} · ${id}`,
  fields: () => [field(t('measureResult'), text('result', { required: true })), field(t('evidenceReference'), input('evidence'))],
  body: f => ({ result: val(f, 'result'), evidence: evidence(f) }) });

function measureRow() {
  return h('fieldset', { class: 'measure-row' }, h('legend', {}, t('measure')),
    h('div', { class: 'row' },
      field(t('measureKind'), selectOf('measureKinds', { name: 'kind', required: true, blank: t('choose') }, terms('measureKinds'))),
      field(t('responsibleDepartment'), selectOf('departments', { name: 'department', required: true, blank: t('choose') }, terms('departments')))),
    field(t('measureDescription'), text('description', { required: true })),
    h('div', { class: 'row' }, field(t('staffId'), input('owner.id', { required: true })), field(t('staffName'), input('owner.name'))),
    field(t('deadline'), input('deadline', { type: 'datetime-local', required: true })));
}

function measureRows() {
  const rows = h('div', { class: 'measures' }, measureRow());
  return h('div', {}, rows, h('button', { type: 'button', class: 'secondary', onclick: () => rows.append(measureRow()) }, t('addMeasure')));
}

function measure(row) {
  const v = name => row.querySelector(`[name="${name}"]`)?.value.trim() || null;
  return { kind: v('kind'), description: v('description'), department: v('department'), deadline: instant(v('deadline')),
    owner: v('owner.id') ? { id: v('owner.id'), name: v('owner.name') ?? v('owner.id') } : null };
}

export async function render(ctx) {
  const id = ctx.params.id;
  const base = `/api/capas/${encodeURIComponent(id)}`;
  const [{ data: view, etag }, events] = await Promise.all([get(base), get(`${base}/timeline`).then(r => r.data).catch(() => [])]);
  show(ctx, base, view, etag, events);
}

function show(ctx, base, view, etag, events) {
  const { main } = ctx;
  const c = view.capa;
  const panel = h('div', { class: 'panel', id: 'action-panel' });
  const record = { base, version: view.version, etag };
  const onDone = async (changed, tag) => {
    const history = await get(`${base}/timeline`).then(r => r.data).catch(() => events);
    fill(main);
    show(ctx, base, changed, tag, history);
    main.querySelector('h1')?.focus();
  };
  const open = spec => {
    fill(panel, recordActionForm(ctx, record, spec, onDone));
    panel.querySelector('input, select, textarea, button[type=submit]')?.focus();
  };
  const buttons = view.allowedActions.filter(a => STAGES[a] && ctx.can(STAGES[a].endpoint))
    .map(a => h('button', { type: 'button', dataset: { action: a }, onclick: () => open({ path: a, ...STAGES[a] }) }, t(STAGES[a].label)));

  main.append(
    h('h1', { tabindex: '-1' }, `${c.id} ${c.title}`),
    h('p', { class: 'subtitle' }, badge(term('capaStages', c.stage), 'state'), ' ',
      c.outcome ? badge(term('capaOutcomes', c.outcome), 'success') : null, ' ',
      c.effective === true ? badge(t('verifiedEffective'), 'success') : c.effective === false ? badge(t('notEffective'), 'danger') : null, ' ',
      h('span', { class: 'muted' }, t('version', { v: view.version }))),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'capa-steps' }, h('h2', { id: 'capa-steps' }, t('currentSteps')), openSteps(c, view.overdueSteps)),
      h('section', { 'aria-labelledby': 'capa-actions' }, h('h2', { id: 'capa-actions' }, t('actions')),
        buttons.length ? h('div', { class: 'buttons' }, buttons) : h('p', { class: 'muted' }, t('noActions')), panel)),
    h('section', { 'aria-labelledby': 'capa-facts' }, h('h2', { id: 'capa-facts' }, t('facts')), capaFacts(c)),
    h('section', { 'aria-labelledby': 'capa-measures' }, h('h2', { id: 'capa-measures' }, t('measures')), measures(ctx, c, view, open)),
    h('section', { 'aria-labelledby': 'capa-timeline' }, h('h2', { id: 'capa-timeline' }, t('timeline')), timeline(events)));
}

function openSteps(c, overdue) {
  const steps = c.steps.filter(s => !s.completedAt);
  if (!steps.length) return h('p', { class: 'muted' }, t('noOpenSteps'));
  return h('ul', { class: 'steps' }, steps.map(s => h('li', { class: overdue.includes(s.id) ? 'overdue' : '', dataset: { step: s.id } },
    h('strong', {}, term('capaSteps', s.kind)), ' ', badge(term('departments', s.department)),
    s.assignee ? h('span', { class: 'muted' }, ' · ' + s.assignee.name) : null,
    h('p', { class: 'clock' }, h('span', { class: overdue.includes(s.id) ? 'sla overdue' : 'sla' }, dueText(s.dueAt)), ' ',
      h('small', { class: 'muted' }, t('dueBy', { time: formatTime(s.dueAt) })),
      s.escalation !== 'none' ? [' ', badge(term('escalationLevels', s.escalation), 'warn')] : null))));
}

function capaFacts(c) {
  const decision = d => (d.needed ? t('yes') : t('no')) + (d.record ? ` · ${d.record}` : '');
  return facts([
    [t('capaProblem'), c.problem], [t('partNumber'), c.partNumber],
    [t('linkedComplaints'), c.complaints.map((n, i) => [i ? ', ' : '', h('a', { href: `#/complaints/${encodeURIComponent(n)}` }, n)])],
    [t('decisionCause'), decision(c.decisions.causeAnalysis)], [t('decisionAction'), decision(c.decisions.action)],
    [t('decisionEffect'), decision(c.decisions.effectConfirmation)],
    [t('openedBy'), `${c.openedBy.name} · ${formatTime(c.openedAt)}`],
    [t('responsibleDepartment'), c.responsibleDepartment ? term('departments', c.responsibleDepartment) + (c.responsibleContact ? ` · ${c.responsibleContact.name}` : '') : null],
    [t('rootCause'), c.cause ? `${c.cause.rootCause} (${term('causeCategories', c.cause.category)}) · ${c.cause.by.name}` : null],
    [t('planDecisions'), c.planDecisions.length ? h('ul', {}, c.planDecisions.map(d => h('li', {},
      `${term('capaStages', d.level)} · ${d.approved ? t('approved') : t('rejected')} · ${d.by.name}${d.reason ? ' · ' + d.reason : ''}`))) : null],
    [t('verifications'), c.verifications.length ? h('ul', {}, c.verifications.map(v => h('li', {},
      `${v.effective ? t('verifiedEffective') : t('notEffective')} · ${v.note} · ${v.by.name}`))) : null],
    [t('changedDocuments'), c.documents.length ? c.documents.map(d => `${term('standardDocuments', d.kind)} ${d.reference}`).join('; ') : null],
    [t('closingNote'), c.closingNote],
  ]);
}

function measures(ctx, c, view, open) {
  const plan = c.measures.filter(m => m.state !== 'superseded');
  if (!plan.length) return h('p', { class: 'muted' }, t('noMeasures'));
  const mayComplete = view.allowedActions.includes('completion') && ctx.can('CompleteCapaMeasure');
  return h('table', { class: 'measures-table' },
    h('thead', {}, h('tr', {}, ['measure', 'measureKind', 'measureDescription', 'measureOwner', 'deadline', 'measureState', 'colAction']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, plan.map(m => h('tr', { dataset: { measure: m.id }, class: view.overdueSteps.includes(m.id) ? 'overdue' : '' },
      h('td', {}, m.id), h('td', {}, term('measureKinds', m.kind)), h('td', {}, m.description, m.result ? h('p', { class: 'muted' }, m.result) : null),
      h('td', {}, `${m.owner.name} · ${term('departments', m.department)}`), h('td', {}, formatTime(m.deadline)),
      h('td', {}, term('measureStates', m.state)),
      h('td', {}, mayComplete && m.state === 'underway'
        ? h('button', { type: 'button', class: 'secondary', onclick: () => open(COMPLETE(m.id)) }, t('capaActComplete')) : null)))));
}
