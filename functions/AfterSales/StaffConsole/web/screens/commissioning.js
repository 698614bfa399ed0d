// Installation and commissioning (安装调试): planning a job (customer, product, planned start, one or
// two technicians), finding one by its number, and the job itself on a phone: the site's readiness,
// a progress note each day, the joint acceptance with the signed form (验收单) photographed or
// scanned and attached, and marketing's revisit. Each form goes with the job's ETag.
import { h, fill, newKey, showFieldErrors } from '../lib/dom.js';
import { t, term, terms, formatTime, dueText } from '../lib/i18n.js';
import { get, post, ApiError } from '../lib/api.js';
import { badge, facts, problemBox, busy, selectOf } from '../lib/ui.js';
import { recordActionForm, field, text, input, val, choice, yesNo, instant } from './record-actions.js';
import { attachmentList, dropzone, uploadAll } from './attachments.js';

const link = id => `#/commissioning/${encodeURIComponent(id)}`;

/** #/commissioning: plan a job (technical, marketing, supervisors), or open one by its number. */
export async function renderPlanning(ctx) {
  const { main } = ctx;
  const number = input('id', { id: 'commissioning-id', required: true, placeholder: 'AZ-0123456789abcdef', pattern: 'AZ-[0-9a-f]{16}' });
  const find = h('form', { class: 'card', id: 'commissioning-find' }, field(t('commissioningNumber'), number),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('open'))));
  find.addEventListener('submit', e => { e.preventDefault(); if (number.value.trim()) ctx.go(link(number.value.trim())); });
  main.append(h('h1', {}, t('commissioningTitle')), find);
  if (ctx.can('OpenCommissioningJob')) main.append(planForm(ctx));
}

function planForm(ctx) {
  const key = newKey();
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('commissioningPlan'));
  const form = h('form', { class: 'card', novalidate: true, id: 'commissioning-plan' },
    h('h2', {}, t('commissioningPlan')),
    h('div', { class: 'row' }, field(t('customerName'), input('customerName', { required: true })), field(t('product'), input('product', { required: true }))),
    h('div', { class: 'row' }, field(t('orderNumber'), input('orderNumber')), field(t('complaintNumber'), input('complaintNumber', { placeholder: 'KS-202612-0001' }))),
    field(t('plannedStart'), input('plannedStart', { type: 'datetime-local', required: true })),
    h('fieldset', { name: 'technicians' }, h('legend', {}, t('technicians')),
      h('div', { class: 'row' }, field(t('technicianId'), input('t1.id', { required: true })), field(t('technicianName'), input('t1.name', { required: true }))),
      h('div', { class: 'row' }, field(t('secondTechnicianId'), input('t2.id')), field(t('secondTechnicianName'), input('t2.name')))),
    h('div', { class: 'actions' }, submit), status);
  const person = p => (val(form, `${p}.id`) ? { id: val(form, `${p}.id`), name: val(form, `${p}.name`) ?? val(form, `${p}.id`) } : null);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    const body = { customerName: val(form, 'customerName'), product: val(form, 'product'), orderNumber: val(form, 'orderNumber'),
      complaintNumber: val(form, 'complaintNumber'), plannedStart: instant(val(form, 'plannedStart')), technicians: [person('t1'), person('t2')].filter(Boolean) };
    try {
      const { data } = await busy(submit, () => post('/api/commissioning', body, { key }));
      ctx.go(link(data.job.id));
    } catch (error) {
      const errors = error instanceof ApiError && error.status === 400 ? { ...error.errors } : null;
      if (errors?.technicians) errors['t1.id'] = errors.technicians;
      if (!(errors && showFieldErrors(form, errors))) status.append(problemBox(error));
    }
  });
  return form;
}

/** The forms of the job's stages: the action (its URL's end), the stage it needs, its words. */
const ACTIONS = {
  readiness: { stage: 'planned', label: 'commissioningActReadiness',
    fields: () => [choice('ready', t('siteReady')), field(t('readinessNote'), text('note'))],
    body: f => ({ ready: yesNo(f, 'ready'), note: val(f, 'note') }) },
  progress: { stage: 'inProgress', label: 'commissioningActProgress',
    fields: () => [field(t('progressNote'), text('note', { required: true, rows: 3 }))], body: f => ({ note: val(f, 'note') }) },
  acceptance: { stage: 'inProgress', label: 'commissioningActAcceptance', acceptance: true },
  revisit: { stage: 'accepted', label: 'commissioningActRevisit', revisit: true,
    fields: () => [field(t('revisitNote'), text('note', { required: true, rows: 3 }))], body: f => ({ note: val(f, 'note') }) },
};

/** The acceptance: the result, open points, who signed, and the signed form attached first (its id goes in signedScan). */
function acceptanceSpec(job) {
  const scan = dropzone('acceptance-scan', { accept: 'image/*,application/pdf', label: t('chooseScan'), name: 'signedScan' });
  let sent = null; // { file, id }: a retry after a refused field does not attach the scan twice
  return { ...ACTIONS.acceptance,
    fields: () => [
      field(t('acceptanceResult'), selectOf('acceptanceResults', { name: 'result', required: true, blank: t('choose') }, terms('acceptanceResults'))),
      field(t('openPoints'), text('openPoints')),
      field(t('customerRepresentative'), input('customerRepresentative', { required: true })),
      h('fieldset', {}, h('legend', {}, t('signedScan')), scan.element)],
    body: async f => {
      const file = scan.files().at(-1);
      if (file && sent?.file !== file) {
        const { attached, failed } = await uploadAll('commissioning', job.id, [file]);
        if (failed.length) throw failed[0].error;
        sent = { file, id: attached[0].id };
      }
      return { result: val(f, 'result'), openPoints: val(f, 'openPoints'), customerRepresentative: val(f, 'customerRepresentative'), signedScan: sent?.id ?? null };
    } };
}

export async function render(ctx) {
  const base = `/api/commissioning/${encodeURIComponent(ctx.params.id)}`;
  const { data: view, etag } = await get(base);
  show(ctx, base, view, etag);
}

function show(ctx, base, view, etag) {
  const { main } = ctx;
  const j = view.job;
  const panel = h('div', { class: 'panel', id: 'action-panel' });
  const record = { base, version: view.version, etag };
  const onDone = (changed, tag) => { fill(main); show(ctx, base, changed, tag); main.querySelector('h1')?.focus(); };
  const open = (path, spec) => {
    fill(panel, recordActionForm(ctx, record, { path, ...spec }, onDone));
    panel.querySelector('input:not([type=file]), select, textarea, button[type=submit]')?.focus();
  };
  const revisits = ctx.hasRole('marketing') || ctx.hasRole('supervisor');
  const buttons = Object.entries(ACTIONS).filter(([, a]) => a.stage === j.stage && (a.revisit ? revisits : true))
    .map(([path, a]) => h('button', { type: 'button', dataset: { action: path }, onclick: () => open(path, a.acceptance ? acceptanceSpec(j) : a) }, t(a.label)));

  main.append(
    h('h1', { tabindex: '-1' }, `${j.id} ${j.customerName}`),
    h('p', { class: 'subtitle' }, badge(term('commissioningStages', j.stage), 'state'), ' ',
      h('span', { class: 'muted' }, `${j.product} · ${t('version', { v: view.version })}`)),
    h('section', { 'aria-labelledby': 'job-actions' }, h('h2', { id: 'job-actions' }, t('actions')),
      buttons.length ? h('div', { class: 'buttons' }, buttons) : h('p', { class: 'muted' }, t('noActions')), panel),
    h('section', { 'aria-labelledby': 'job-steps' }, h('h2', { id: 'job-steps' }, t('currentSteps')), steps(j)),
    h('section', { 'aria-labelledby': 'job-facts' }, h('h2', { id: 'job-facts' }, t('commissioningFacts')), facts([
      [t('customerName'), j.customerName], [t('product'), j.product], [t('orderNumber'), j.orderNumber],
      [t('complaintNumber'), j.complaintNumber ? h('a', { href: `#/complaints/${encodeURIComponent(j.complaintNumber)}` }, j.complaintNumber) : null],
      [t('plannedStart'), formatTime(j.plannedStart)], [t('technicians'), j.technicians.map(x => x.name).join(', ')],
      [t('startedAt'), formatTime(j.startedAt)],
      [t('acceptanceResult'), j.acceptance ? `${term('acceptanceResults', j.acceptance.result)} · ${j.acceptance.customerRepresentative} · ${formatTime(j.acceptance.at)}` : null],
      [t('openPoints'), j.acceptance?.openPoints], [t('revisitNote'), j.revisitNote]])),
    h('section', { 'aria-labelledby': 'job-readiness' }, h('h2', { id: 'job-readiness' }, t('readinessChecks')),
      j.readinessChecks.length ? h('ul', { class: 'notes' }, j.readinessChecks.map(c => h('li', {},
        badge(c.ready ? t('siteIsReady') : t('siteNotReady'), c.ready ? 'state' : 'warn'), ' ', c.note ?? '', h('small', { class: 'muted' }, ` · ${c.by.name} · ${formatTime(c.at)}`))))
        : h('p', { class: 'muted' }, t('noReadinessChecks'))),
    h('section', { 'aria-labelledby': 'job-progress' }, h('h2', { id: 'job-progress' }, t('dailyProgress')),
      j.progress.length ? h('ol', { class: 'timeline progress' }, j.progress.map(p => h('li', {},
        h('time', { datetime: p.at }, formatTime(p.at)), h('span', { class: 'by' }, p.by.name), h('span', { class: 'what' }, p.note))))
        : h('p', { class: 'muted' }, t('noProgress'))),
    h('section', { 'aria-labelledby': 'job-files' }, h('h2', { id: 'job-files' }, t('attachments')), attachmentList(ctx, 'commissioning', j.id)));
}

function steps(j) {
  const open = j.steps.filter(s => !s.completedAt);
  if (!open.length) return h('p', { class: 'muted' }, t('noOpenSteps'));
  return h('ul', { class: 'steps' }, open.map(s => h('li', { dataset: { step: s.id } },
    h('strong', {}, term('stepKinds', s.kind)), ' ', badge(term('departments', s.department)),
    s.assignee ? h('span', { class: 'muted' }, ' · ' + s.assignee.name) : null,
    h('p', { class: 'clock' }, h('span', { class: 'sla' }, dueText(s.dueAt)), ' ', h('small', { class: 'muted' }, t('dueBy', { time: formatTime(s.dueAt) }))))));
}
