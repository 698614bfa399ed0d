// A department's inbox (部门待办): its open work items of every kind, earliest due first, overdue
// ones marked; filters; and for each row the next action the person's roles allow.
import { h, fill } from '../lib/dom.js';
import { t, term, dueText, formatTime } from '../lib/i18n.js';
import { get, query } from '../lib/api.js';
import { badge, problemBox, busy } from '../lib/ui.js';
import { recordLinks, recordWords } from './index.js';

/** The action a row offers, by step (and stage), with the endpoint whose roles it needs. */
const NEXT = {
  triage: { label: 'actTriage', endpoint: 'RecordTriage', href: n => `#/complaints/${n}?do=triage` },
  approval: { label: 'actDecide', endpoint: 'DecideApproval', href: n => `#/approvals/${n}` },
  'onSiteService/dispatch': { label: 'actDispatch', endpoint: 'DispatchTechnician', href: n => `#/complaints/${n}?do=dispatch` },
  'onSiteService/arrival': { label: 'actArrival', endpoint: 'RecordArrival', href: n => `#/complaints/${n}?do=recordArrival` },
  'onSiteService/inspection': { label: 'actFindings', endpoint: 'RecordFindings', href: n => `#/complaints/${n}?do=recordFindings` },
  remoteSolution: { label: 'actResolve', endpoint: 'Resolve', href: n => `#/complaints/${n}?do=resolve` },
  returnExchange: { label: 'actResolve', endpoint: 'Resolve', href: n => `#/complaints/${n}?do=resolve` },
  'onSiteService/service': { label: 'actResolve', endpoint: 'Resolve', href: n => `#/complaints/${n}?do=resolve` },
  customerConfirmation: { label: 'actConfirm', endpoint: 'ConfirmResolution', href: n => `#/complaints/${n}?do=confirm` },
  revisit: { label: 'actRevisit', endpoint: 'RecordRevisit', href: n => `#/complaints/${n}?do=recordRevisit` },
};

export async function render(ctx) {
  const { main, params, query: q } = ctx;
  const department = params.department;
  const state = q.get('state') ?? '';
  const overdue = q.get('overdue') === 'true';
  const text = q.get('q') ?? '';
  const reload = (changes) => {
    const next = new URLSearchParams({ state, overdue: overdue ? 'true' : '', q: text, ...changes });
    for (const [k, v] of [...next]) if (!v) next.delete(k);
    ctx.go(`#/inbox/${department}${next.size ? '?' + next : ''}`);
  };

  const switcher = h('nav', { class: 'tabs', 'aria-label': t('departments') }, ctx.inboxes().map(d =>
    h('a', { href: `#/inbox/${d}`, 'aria-current': d === department ? 'page' : null }, term('departments', d))));
  const stateSelect = h('select', { id: 'inbox-state', onchange: e => reload({ state: e.target.value }) },
    [['', 'filterAll'], ['open', 'filterOpen'], ['paused', 'filterPaused']].map(([v, k]) => h('option', { value: v, selected: v === state }, t(k))));
  const overdueBox = h('input', { type: 'checkbox', id: 'inbox-overdue', checked: overdue, onchange: e => reload({ overdue: e.target.checked ? 'true' : '' }) });
  const search = h('input', { type: 'search', id: 'inbox-q', value: text, placeholder: t('inboxSearchHint') });
  search.addEventListener('change', () => reload({ q: search.value.trim() }));
  const refresh = h('button', { type: 'button', onclick: () => ctx.reload() }, t('refresh'));

  main.append(
    h('h1', {}, t('inboxTitle', { department: term('departments', department) })),
    switcher,
    h('div', { class: 'filters', role: 'group', 'aria-label': t('filters') },
      h('label', { for: 'inbox-state' }, t('filterState')), stateSelect,
      h('label', { class: 'check' }, overdueBox, ' ', t('filterOverdue')),
      h('label', { for: 'inbox-q', class: 'sr-only' }, t('inboxSearchHint')), search,
      refresh));

  const body = h('tbody');
  const table = h('table', { class: 'inbox' },
    h('caption', { class: 'sr-only' }, t('inboxTitle', { department: term('departments', department) })),
    h('thead', {}, h('tr', {}, ['colDue', 'colRecord', 'colStep', 'colSubject', 'colOwner', 'colState', 'colAssignee', 'colAction']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    body);
  const more = h('div', { class: 'more' });
  const status = h('p', { class: 'muted', role: 'status' });
  main.append(status, table, more);

  const needle = text.toLowerCase();
  const show = items => items.filter(i => !needle || `${i.recordId} ${i.subject} ${i.owner ?? ''}`.toLowerCase().includes(needle));
  const load = async token => {
    const { data } = await get(`/api/departments/${encodeURIComponent(department)}/inbox` +
      query({ state, overdue: overdue ? 'true' : '', continuationToken: token }));
    body.append(...show(data.items).map(item => row(ctx, item)));
    status.textContent = body.children.length ? t('inboxCount', { n: body.children.length }) : t('inboxEmpty');
    fill(more, data.continuationToken ? loadMore(() => load(data.continuationToken)) : null);
  };
  try {
    await load(null);
  } catch (error) {
    table.remove();
    status.remove();
    main.append(problemBox(error));
  }
}

function loadMore(next) {
  const button = h('button', { type: 'button', onclick: () => busy(button, next) }, t('loadMore'));
  return button;
}

const KIND_WORDS = { complaint: 'recordKindComplaint', capa: 'recordKindCapa', returnOrder: 'recordKindReturnOrder', visit: 'recordKindVisit' };
const kindWord = kind => (KIND_WORDS[kind] ? t(KIND_WORDS[kind]) : kind);

function row(ctx, item) {
  const link = recordLinks[item.recordKind]?.(item.recordId);
  const key = item.stage ? `${item.step}/${item.stage}` : item.step;
  const next = item.recordKind === 'complaint' ? (NEXT[key] ?? NEXT[item.step]) : null;
  const words = recordWords[item.recordKind] ?? recordWords.complaint;
  const stepWords = (words.steps ? term(words.steps, item.step) : kindWord(item.recordKind)) + (item.stage && item.recordKind === 'complaint' ? ' · ' + term('onSitePhases', item.stage) : '');
  const number = encodeURIComponent(item.recordId);
  let action = null;
  if (item.paused && item.recordKind === 'complaint' && ctx.can('ResumeStep')) {
    action = h('a', { class: 'button', href: `#/complaints/${number}?do=resume` }, t('actResume'));
  } else if (next && ctx.can(next.endpoint)) {
    action = h('a', { class: 'button', href: next.href(number) }, t(next.label));
  } else if (link) {
    action = h('a', { class: 'button secondary', href: link }, t('open'));
  }
  return h('tr', { class: item.overdue ? 'overdue' : item.paused ? 'paused' : '', dataset: { record: item.recordId } },
    h('td', {}, h('time', { datetime: item.dueAt, title: formatTime(item.dueAt) }, item.paused ? t('pausedShort') : dueText(item.dueAt)),
      item.overdue ? [' ', badge(t('overdue'), 'danger')] : null,
      item.escalation !== 'none' ? [' ', badge(t('escalated'), 'warn')] : null),
    h('td', {}, link ? h('a', { href: link }, item.recordId) : item.recordId,
      item.recordKind !== 'complaint' ? h('small', { class: 'muted' }, ' ' + kindWord(item.recordKind)) : null),
    h('td', {}, stepWords, item.paused ? [' ', badge(term('pauseReasons', item.pauseReason) || t('paused'), 'muted')] : null),
    h('td', {}, item.subject),
    h('td', {}, item.owner ?? ''),
    h('td', {}, term(words.states, item.state), item.path ? h('small', { class: 'muted' }, ' ' + term('handlingPaths', item.path)) : null),
    h('td', {}, item.assignee ?? ''),
    h('td', {}, action));
}
