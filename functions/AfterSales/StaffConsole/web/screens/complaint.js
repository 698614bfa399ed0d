// The complaint page: the facts, the current step with its due time and a live SLA clock, the
// actions the state and the person's roles allow, links, and the whole timeline.
import { h, fill } from '../lib/dom.js';
import { t, term, formatTime, dueText } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge, facts, problemBox } from '../lib/ui.js';
import { ACTIONS, STEP_ACTIONS, actionForm, allows } from './complaint-actions.js';
import { timeline } from './timeline.js';
import { attachmentList, dropzone, uploadAll, uploadResult } from './attachments.js';

export async function render(ctx) {
  const { main, params } = ctx;
  const number = params.number;
  const [{ data: complaint, etag }, events] = await Promise.all([
    get(`/api/complaints/${encodeURIComponent(number)}`),
    get(`/api/complaints/${encodeURIComponent(number)}/timeline`).then(r => r.data).catch(() => []),
  ]);
  const clock = setInterval(() => tick(main), 1000);
  ctx.onLeave(() => clearInterval(clock));
  show(ctx, complaint, etag, events, ctx.query.get('do'));
}

function show(ctx, c, etag, events, open) {
  const { main } = ctx;
  const panel = h('div', { class: 'panel', id: 'action-panel' });
  const onDone = async (view, newTag) => {
    const history = await get(`/api/complaints/${encodeURIComponent(view.number)}/timeline`).then(r => r.data).catch(() => events);
    fill(main);
    show(ctx, view, newTag, history, null);
    main.querySelector('h1')?.focus();
  };
  const openForm = (spec, step) => {
    fill(panel, actionForm(ctx, c, etag, spec, { step, onDone }));
    panel.querySelector('input, select, textarea, button[type=submit]')?.focus();
  };

  main.append(
    h('h1', {}, t('complaintTitle', { number: c.number })),
    h('p', { class: 'subtitle' },
      badge(term('complaintStates', c.state), 'state'), ' ',
      c.path ? badge(term('handlingPaths', c.path), c.path === 'majorOnSite' ? 'danger' : '') : null, ' ',
      h('span', { class: 'muted' }, `${term('workKinds', c.kind)} · ${term('channels', c.channel)} · ${t('version', { v: c.version })}`)),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'steps-title' }, h('h2', { id: 'steps-title' }, t('currentSteps')), steps(ctx, c, openForm)),
      h('section', { 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title' }, t('actions')), actions(ctx, c, openForm), panel)),
    h('section', { 'aria-labelledby': 'facts-title' }, h('h2', { id: 'facts-title' }, t('facts')), complaintFacts(c)),
    h('section', { 'aria-labelledby': 'links-title' }, h('h2', { id: 'links-title' }, t('linked')), links(c), c.path === 'majorOnSite' ? serviceReport(ctx, c) : null),
    h('section', { 'aria-labelledby': 'attachments-title' }, h('h2', { id: 'attachments-title' }, t('attachments')), attachments(ctx, c)),
    h('section', { 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title' }, t('timeline')), timeline(events)));
  const wanted = open && ACTIONS[open] && allows(c, open) && ctx.can(ACTIONS[open].endpoint) ? ACTIONS[open] : null;
  if (wanted) openForm(wanted);
  else if (open === 'resume') {
    const paused = c.steps.find(s => !s.completedAt && s.pausedAt);
    if (paused) openForm(STEP_ACTIONS.resume, stepRef(paused));
  } else if (open === 'decideApproval') ctx.go(`#/approvals/${encodeURIComponent(c.number)}`);
  tick(main);
}

const stepRef = s => ({ id: s.id, label: term('stepKinds', s.kind) });

function steps(ctx, c, openForm) {
  const open = c.steps.filter(s => !s.completedAt);
  if (!open.length) return h('p', { class: 'muted' }, t('noOpenSteps'));
  return h('ul', { class: 'steps' }, open.map(s => {
    const can = name => allows(c, name, s.id) && ctx.can(STEP_ACTIONS[name].endpoint);
    const overdue = c.overdueSteps.includes(s.id);
    return h('li', { class: overdue ? 'overdue' : '', dataset: { step: s.id } },
      h('strong', {}, term('stepKinds', s.kind), s.stage ? ' · ' + term('onSitePhases', s.stage) : ''), ' ',
      badge(term('departments', s.department)),
      s.assignee ? h('span', { class: 'muted' }, ' · ' + s.assignee.name) : null,
      h('p', { class: 'clock' },
        s.pausedAt ? badge(`${t('paused')} · ${term('pauseReasons', s.pauseReason)}`, 'muted')
          : h('span', { class: overdue ? 'sla overdue' : 'sla', dataset: { due: s.dueAt }, role: 'timer', 'aria-live': 'off' }, dueText(s.dueAt)),
        ' ', h('small', { class: 'muted' }, t('dueBy', { time: formatTime(s.dueAt) })),
        s.escalation !== 'none' ? [' ', badge(term('escalationLevels', s.escalation), 'warn')] : null),
      h('div', { class: 'step-actions' },
        ['transfer', 'assign', s.pausedAt ? 'resume' : 'pause'].filter(can).map(name =>
          h('button', { type: 'button', class: 'secondary', onclick: () => openForm(STEP_ACTIONS[name], stepRef(s)) }, t(STEP_ACTIONS[name].label)))));
  }));
}

function actions(ctx, c, openForm) {
  const names = [...new Set(c.allowedActions.filter(a => !a.step).map(a => a.name))];
  const buttons = names.filter(a => ACTIONS[a] && ctx.can(ACTIONS[a].endpoint)).map(a =>
    h('button', { type: 'button', onclick: () => openForm(ACTIONS[a]), dataset: { action: a } }, t(ACTIONS[a].label)));
  if (allows(c, 'decideApproval') && ctx.can('DecideApproval')) {
    buttons.unshift(h('a', { class: 'button primary', href: `#/approvals/${encodeURIComponent(c.number)}` }, t('actDecide')));
  }
  if (c.path === 'returnExchange' && c.state === 'inProgress' && !c.related.returns.some(r => r.open) && ctx.can('OpenReturnOrder')) {
    buttons.push(h('a', { class: 'button', href: `#/returns?complaint=${encodeURIComponent(c.number)}` }, t('returnOpen')));
  }
  return buttons.length ? h('div', { class: 'buttons' }, buttons) : h('p', { class: 'muted' }, t('noActions'));
}

function complaintFacts(c) {
  const d = c.details;
  const customer = c.customer.customerId
    ? h('a', { href: `#/customers/${encodeURIComponent(c.customer.customerId)}` }, c.customer.name) : c.customer.name;
  return facts([
    [t('customer'), customer], [t('contactPerson'), c.customer.contact], [t('contactPhone'), c.customer.phone], [t('province'), c.customer.province],
    [t('product'), d.product], [t('orderNumber'), d.orderNumber], [t('partNumber'), d.partNumber], [t('shippingDate'), d.shippingDate],
    [t('quantity'), d.quantity], [t('defectiveQuantity'), d.defectiveQuantity], [t('customerDemand'), d.customerDemand],
    [t('description'), d.description], [t('receivedAt'), formatTime(c.receivedAt)], [t('firstContactOwner'), c.firstContactOwner?.name],
    [t('recordedBy'), c.recordedBy?.name], [t('analysis'), c.triage ? `${c.triage.analysis} (${c.triage.by.name})` : null],
    [t('findings'), c.findings ? `${c.findings.text} (${c.findings.by.name})` : null],
    [t('approval'), c.approval ? `${c.approval.approved ? t('approved') : t('rejected')} · ${c.approval.by.name}${c.approval.reason ? ' · ' + c.approval.reason : ''}` : null],
    [t('technician'), c.technician?.name], [t('resolution'), c.resolution],
  ]);
}

function links(c) {
  const numberLink = n => h('a', { href: `#/complaints/${encodeURIComponent(n)}` }, n);
  return h('div', {},
    facts([
      [t('linkedComplaints'), c.links.length ? c.links.map((n, i) => [i ? ', ' : '', numberLink(n)]) : null],
      [t('possibleDuplicates'), c.possibleDuplicates.length ? c.possibleDuplicates.map((n, i) => [i ? ', ' : '', numberLink(n)]) : null],
      [t('followUpOf'), c.followUpOf ? numberLink(c.followUpOf) : null],
      [t('relatedReturns'), c.related.returns.length ? c.related.returns.map((r, i) =>
        [i ? ', ' : '', h('a', { href: `#/returns/${encodeURIComponent(r.id)}` }, r.id), ` ${term('returnKinds', r.kind)}`, r.open ? '' : ` · ${term('returnOutcomes', r.outcome) || t('ended')}`]) : null],
      [t('relatedCapas'), c.related.capas.length ? c.related.capas.map((x, i) =>
        [i ? ', ' : '', h('a', { href: `#/capas/${encodeURIComponent(x.id)}` }, x.id), ` ${x.title}`,
          x.linked ? '' : ` (${t('samePart')})`, x.open ? '' : ` · ${term('capaOutcomes', x.outcome) || t('ended')}`]) : null],
    ]),
    // Placeholder: fills in when the complaint's visits are listed by the field service API.
    h('ul', { class: 'coming' }, ['comingVisits'].map(k => h('li', {}, t(k)))));
}

/** A major problem's after-sales service report (售后服务报告): its state, or the link that files it. */
function serviceReport(ctx, c) {
  const id = 'SR-' + c.number.slice(3);
  const slot = h('p', { class: 'service-report' });
  get(`/api/service-reports/${encodeURIComponent(id)}`).then(({ data }) => fill(slot, t('serviceReportTitle'), ': ',
    h('a', { href: `#/service-reports/${encodeURIComponent(id)}` }, id), ' ',
    data.report.receivedAt ? badge(t('receivedByQuality'), 'state') : badge(t('awaitingQuality'), 'warn')))
    .catch(error => {
      if (error?.status === 404 && ctx.can('FileServiceReport')) {
        fill(slot, h('a', { class: 'button', href: `#/service-reports?complaint=${encodeURIComponent(c.number)}` }, t('serviceReportFile')));
      }
    });
  return slot;
}

/** The complaint's photos and documents, with previews, and more added from here. */
function attachments(ctx, c) {
  const list = h('div', {}, attachmentList(ctx, 'complaint', c.number));
  const zone = dropzone('complaint-attachments');
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const send = h('button', { type: 'button', class: 'secondary' }, t('uploadFiles'));
  send.addEventListener('click', async () => {
    if (!zone.files().length) return;
    send.disabled = true;
    const result = await uploadAll('complaint', c.number, zone.files()).finally(() => { send.disabled = false; });
    zone.reset();
    fill(status, uploadResult(result));
    fill(list, attachmentList(ctx, 'complaint', c.number));
  });
  return h('div', {}, list, h('details', {}, h('summary', {}, t('addAttachments')), zone.element, h('div', { class: 'actions' }, send), status));
}

/** The SLA clocks count every second. */
function tick(main) {
  for (const el of main.querySelectorAll('[data-due]')) {
    el.textContent = dueText(el.dataset.due);
    el.classList.toggle('overdue', new Date(el.dataset.due).getTime() < Date.now());
  }
}
