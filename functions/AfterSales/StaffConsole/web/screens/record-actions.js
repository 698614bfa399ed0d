// Actions on any record the API keeps under /api/<kind>/<id> (CAPAs, return orders, ...): one small
// form per action, sent with the record's ETag (If-Match) and an Idempotency-Key. A 412 becomes
// "someone else changed this — reload" with their changes; a 400 marks the fields; anything else
// is said in a sentence. The complaint page has its own (complaint-actions.js): steps and links.
import { h, field, showFieldErrors, announce, newKey } from '../lib/dom.js';
import { t } from '../lib/i18n.js';
import { get, post, ApiError } from '../lib/api.js';
import { busy, problemBox, staleBanner } from '../lib/ui.js';
import { describe } from './timeline.js';

export const text = (name, attrs = {}) => h('textarea', { name, rows: 2, maxlength: 4000, ...attrs });
export const input = (name, attrs = {}) => h('input', { name, autocomplete: 'off', ...attrs });
export const val = (form, name) => form.elements[name]?.value.trim() || null;

/** Yes / no as two radio buttons named `name`; read with yesNo(form, name). */
export function choice(name, legend) {
  return h('fieldset', { class: 'choice' }, h('legend', {}, legend),
    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'true', required: true }), ' ', t('yes')),
    h('label', { class: 'check' }, h('input', { type: 'radio', name, value: 'false' }), ' ', t('no')));
}

export const yesNo = (form, name) => {
  const value = form.elements[name]?.value;
  return value === 'true' ? true : value === 'false' ? false : null;
};

/** A datetime-local value as an instant, or null. */
export const instant = value => (value ? new Date(value).toISOString() : null);

/** Evidence given as one reference (an attachment id, a report number) in a field named `evidence`. */
export const evidence = form => (val(form, 'evidence') ? [{ reference: val(form, 'evidence') }] : []);

/**
 * The form for one action on a record. `spec`: { path, label, fields(), body(form) } (body may be async).
 * `record`: { base: '/api/capas/CAPA-1', version, etag }. `onDone(view, etag)` gets the record as changed.
 */
export function recordActionForm(ctx, record, spec, onDone) {
  const key = newKey();
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t(spec.label));
  const form = h('form', { class: 'action card', novalidate: true, dataset: { action: spec.path } },
    h('h3', {}, spec.title ?? t(spec.label)), spec.fields(), h('div', { class: 'actions' }, submit), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    try {
      // A body may need work first (a scan uploaded for its attachment id): it may be a promise.
      const result = await busy(submit, async () => post(`${record.base}/${spec.path}`, await spec.body(form), { key, etag: record.etag }));
      announce(t('saved'));
      onDone(result.data, result.etag);
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        status.append(await staleNotice(ctx, record));
      } else if (error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors)) {
        // marked at the fields
      } else {
        status.append(problemBox(error));
      }
    }
  });
  return form;
}

/** What changed since the version on screen: the record's events after it. */
async function staleNotice(ctx, record) {
  let changes = [];
  try {
    changes = (await get(`${record.base}/timeline`)).data.filter(e => e.sequence > record.version);
  } catch { changes = []; }
  const banner = staleBanner(changes, describe, () => ctx.reload());
  setTimeout(() => banner.querySelector('button')?.focus(), 0);
  return banner;
}

export { field };
