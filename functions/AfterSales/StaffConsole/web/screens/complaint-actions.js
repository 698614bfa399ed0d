// The lifecycle actions on a complaint: one small form each, sent with the complaint's ETag
// (If-Match) and an Idempotency-Key. A 412 becomes "someone else changed this — reload" with
// their changes; a 409 says what the state allows; a 400 marks the fields.
import { h, field, showFieldErrors, announce, newKey } from '../lib/dom.js';
import { t, terms } from '../lib/i18n.js';
import { get, post, ApiError } from '../lib/api.js';
import { busy, problemBox, staleBanner, selectOf } from '../lib/ui.js';
import { describe } from './timeline.js';

const text = (name, attrs = {}) => h('textarea', { name, rows: 2, maxlength: 4000, ...attrs });
const input = (name, attrs = {}) => h('input', { name, autocomplete: 'off', ...attrs });
const val = (form, name) => form.elements[name]?.value.trim() || null;

/** Whether the complaint allows an action: allowedActions are links ({ name, operation, method, href, step }), step actions name their step. */
export const allows = (c, name, step) => c.allowedActions.some(a => a.name === name && (step === undefined || a.step === step));

/** Each action the complaint API names in allowedActions: its endpoint, path, fields and body. */
export const ACTIONS = {
  triage: { endpoint: 'RecordTriage', path: 'triage', label: 'actTriage',
    fields: () => [field(t('handlingPath'), selectOf('handlingPaths', { name: 'path', required: true, blank: t('choose') }, terms('handlingPaths'))), field(t('analysis'), text('analysis', { required: true }))],
    body: f => ({ path: val(f, 'path'), analysis: val(f, 'analysis') }) },
  reviseTriage: { endpoint: 'ReviseTriage', path: 'triage/revision', label: 'actReviseTriage',
    fields: () => [field(t('handlingPath'), selectOf('handlingPaths', { name: 'path', required: true, blank: t('choose') }, terms('handlingPaths'))),
      field(t('analysis'), text('analysis')), field(t('reason'), text('reason', { required: true }))],
    body: f => ({ path: val(f, 'path'), analysis: val(f, 'analysis'), reason: val(f, 'reason') }) },
  startWork: { endpoint: 'StartWork', path: 'work/start', label: 'actStartWork', fields: () => [field(t('note'), text('note'))], body: f => ({ note: val(f, 'note') }) },
  dispatch: { endpoint: 'DispatchTechnician', path: 'dispatch', label: 'actDispatch',
    fields: () => [h('div', { class: 'row' }, field(t('technicianId'), input('technician.id', { required: true })), field(t('technicianName'), input('technician.name', { required: true }))),
      h('div', { class: 'row' }, field(t('siteProvince'), input('siteProvince', { list: 'provinces' })), field(t('agreedArrivalBy'), input('agreedArrivalBy', { type: 'datetime-local' })))],
    body: f => ({ technician: { id: val(f, 'technician.id'), name: val(f, 'technician.name') }, siteProvince: val(f, 'siteProvince'),
      agreedArrivalBy: val(f, 'agreedArrivalBy') ? new Date(val(f, 'agreedArrivalBy')).toISOString() : null }) },
  recordArrival: { endpoint: 'RecordArrival', path: 'arrival', label: 'actArrival', fields: () => [], body: () => ({}) },
  recordFindings: { endpoint: 'RecordFindings', path: 'findings', label: 'actFindings',
    fields: () => [field(t('findings'), text('findings', { required: true, rows: 3 }))], body: f => ({ findings: val(f, 'findings') }) },
  resolve: { endpoint: 'Resolve', path: 'resolution', label: 'actResolve', fields: () => [field(t('summary'), text('summary', { required: true }))], body: f => ({ summary: val(f, 'summary') }) },
  confirm: { endpoint: 'ConfirmResolution', path: 'confirmation', label: 'actConfirm',
    fields: () => [h('fieldset', { class: 'choice' }, h('legend', {}, t('customerSatisfied')),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'satisfied', value: 'true', required: true }), ' ', t('yes')),
      h('label', { class: 'check' }, h('input', { type: 'radio', name: 'satisfied', value: 'false' }), ' ', t('no'))), field(t('note'), text('note'))],
    body: f => ({ satisfied: f.elements.satisfied.value === '' ? null : f.elements.satisfied.value === 'true', note: val(f, 'note') }) },
  reopen: { endpoint: 'ReopenComplaint', path: 'reopen', label: 'actReopen', fields: () => [field(t('reason'), text('reason', { required: true }))], body: f => ({ reason: val(f, 'reason') }) },
  recordRevisit: { endpoint: 'RecordRevisit', path: 'revisit', label: 'actRevisit', fields: () => [field(t('note'), text('note', { required: true }))], body: f => ({ note: val(f, 'note') }) },
  link: { endpoint: 'LinkComplaint', path: 'links', label: 'actLink', fields: () => [field(t('linkNumber'), input('number', { required: true, placeholder: 'KS-202611-0001' })), field(t('note'), text('note'))],
    body: f => ({ number: val(f, 'number'), note: val(f, 'note') }) },
  followUp: { endpoint: 'FollowUpComplaint', path: 'follow-ups', label: 'actFollowUp', creates: true,
    fields: () => [field(t('description'), text('description', { required: true, rows: 3 }))], body: f => ({ description: val(f, 'description') }) },
};

/** Actions on one open step (transfer, assign, pause, resume). */
export const STEP_ACTIONS = {
  transfer: { endpoint: 'TransferStep', label: 'actTransfer',
    fields: () => [field(t('toDepartment'), selectOf('departments', { name: 'department', required: true, blank: t('choose') }, terms('departments'))), field(t('note'), text('note', { required: true }))],
    body: f => ({ department: val(f, 'department'), note: val(f, 'note') }) },
  assign: { endpoint: 'AssignStep', label: 'actAssign',
    fields: () => [h('div', { class: 'row' }, field(t('assigneeId'), input('assignee.id')), field(t('assigneeName'), input('assignee.name')))],
    body: f => (val(f, 'assignee.id') ? { assignee: { id: val(f, 'assignee.id'), name: val(f, 'assignee.name') ?? val(f, 'assignee.id') } } : { assignee: null }) },
  pause: { endpoint: 'PauseStep', label: 'actPause',
    fields: () => [field(t('pauseReason'), selectOf('pauseReasons', { name: 'reason', required: true, blank: t('choose') }, terms('pauseReasons'))), field(t('note'), text('note'))],
    body: f => ({ reason: val(f, 'reason'), note: val(f, 'note') }) },
  resume: { endpoint: 'ResumeStep', label: 'actResume', fields: () => [], body: () => ({}) },
};

/**
 * The form for one action. `onDone(view, etag)` gets the changed complaint. `complaint` is the
 * version the screen shows: its ETag goes in If-Match, so a change made meanwhile is never overwritten.
 */
export function actionForm(ctx, complaint, etag, spec, { step, onDone, submitLabel } = {}) {
  const key = newKey();
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, submitLabel ?? t(spec.label));
  const form = h('form', { class: 'action card', novalidate: true, dataset: { action: spec.label } },
    h('h3', {}, t(spec.label), step ? ` · ${step.label}` : ''), spec.fields(), h('div', { class: 'actions' }, submit), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    await send(ctx, complaint, etag, spec, spec.body(form, e.submitter), { form, status, submit, key, step, onDone });
  });
  return form;
}

export async function send(ctx, complaint, etag, spec, body, { form, status, submit, key, step, onDone }) {
  status.replaceChildren();
  const number = encodeURIComponent(complaint.number);
  const path = step ? `/api/complaints/${number}/steps/${encodeURIComponent(step.id)}/${stepPath(spec)}` : `/api/complaints/${number}/${spec.path}`;
  try {
    const result = await busy(submit, () => post(path, body, { key, etag: spec.creates ? undefined : etag }));
    announce(t('saved'));
    if (spec.creates) ctx.go(`#/complaints/${encodeURIComponent(result.data.number)}`);
    else onDone(result.data, result.etag);
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) {
      status.append(await staleNotice(ctx, complaint));
    } else if (error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors)) {
      // marked at the fields
    } else {
      status.append(problemBox(error));
    }
  }
}

const stepPath = spec => ({ TransferStep: 'transfer', AssignStep: 'assignment', PauseStep: 'pause', ResumeStep: 'resume' })[spec.endpoint];

/** What changed since this screen's version: the events after it, from the timeline. */
export async function staleNotice(ctx, complaint) {
  let changes = [];
  try {
    const events = (await get(`/api/complaints/${encodeURIComponent(complaint.number)}/timeline`)).data;
    changes = events.filter(e => e.sequence > complaint.version);
  } catch { changes = []; }
  const banner = staleBanner(changes, describe, () => ctx.reload());
  setTimeout(() => banner.querySelector('button')?.focus(), 0);
  return banner;
}
