// Pieces every screen shows the same way: errors as sentences (never raw), the stale-edit banner,
// badges, busy buttons, definition lists.
import { h } from './dom.js';
import { t, term, formatTime } from './i18n.js';

/** An API failure as people read it: what happened, the server's explanation, what to do. */
export function problemBox(error) {
  const status = error?.status;
  const headline = status === 0 ? t('errOffline')
    : status === 401 ? t('errSignedOut')
    : status === 403 ? t('errForbidden')
    : status === 404 ? t('errNotFound')
    : status === 409 ? t('errConflict')
    : status === 400 ? t('errInvalid')
    : status === 428 ? t('errStale')
    : status >= 500 ? t('errServer')
    : t('errUnexpected');
  const detail = error?.problem?.detail ?? (status ? null : error?.message);
  return h('div', { class: 'notice error', role: 'alert' },
    h('strong', {}, headline),
    detail && status !== 0 ? h('p', {}, detail) : null);
}

/**
 * 412: someone changed the record since this screen read it. Says so, lists their changes
 * (the record's events after the version this screen had), and offers to reload.
 */
export function staleBanner(changes, describe, onReload) {
  return h('div', { class: 'notice warning stale', role: 'alert' },
    h('strong', {}, t('staleTitle')),
    changes.length ? h('ul', { class: 'changes' }, changes.map(e =>
      h('li', {}, h('span', { class: 'by' }, e.by?.name ?? ''), ' · ', describe(e), ' · ', h('time', { datetime: e.at }, formatTime(e.at))))) : null,
    h('button', { type: 'button', class: 'primary', onclick: onReload }, t('reload')));
}

export function badge(text, kind = '') {
  return h('span', { class: `badge ${kind}`.trim() }, text);
}

/** Disables a button while its work runs, so a double click sends one request. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try { return await work(); } finally { button.disabled = false; button.removeAttribute('aria-busy'); }
}

/** A definition list of label → value pairs, leaving out empty values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]));
}

/** A select of a vocabulary list's codes. */
export function selectOf(list, { name, value, required, blank, id } = {}, codes) {
  const options = codes ?? [];
  return h('select', { name, id, required },
    blank ? h('option', { value: '' }, blank) : null,
    options.map(o => h('option', { value: o.code, selected: o.code === value }, o.label ?? term(list, o.code))));
}
