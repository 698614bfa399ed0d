// The approval page (领导批准), reached from the inbox or the Teams card: management reads the
// facts and the analysis of a major quality problem and approves or rejects handling it.
import { h, newKey } from '../lib/dom.js';
import { t, term, formatTime, dueText } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge, facts } from '../lib/ui.js';
import { send, allows } from './complaint-actions.js';

const DECIDE = { endpoint: 'DecideApproval', path: 'approval', label: 'actDecide' };

export async function render(ctx) {
  const { main, params } = ctx;
  const { data: c, etag } = await get(`/api/complaints/${encodeURIComponent(params.number)}`);
  const step = c.steps.find(s => !s.completedAt && s.kind === 'approval');
  main.append(
    h('h1', {}, t('approvalTitle', { number: c.number })),
    h('p', { class: 'subtitle' }, badge(term('complaintStates', c.state), 'state'), ' ',
      c.path ? badge(term('handlingPaths', c.path), 'danger') : null, ' ',
      step ? h('span', { class: 'sla', dataset: { due: step.dueAt } }, dueText(step.dueAt)) : null),
    facts([
      [t('customer'), c.customer.name], [t('product'), c.details.product], [t('partNumber'), c.details.partNumber],
      [t('quantity'), c.details.quantity], [t('defectiveQuantity'), c.details.defectiveQuantity],
      [t('description'), c.details.description], [t('customerDemand'), c.details.customerDemand],
      [t('analysis'), c.triage ? `${c.triage.analysis} — ${c.triage.by.name}, ${formatTime(c.triage.at)}` : null],
      [t('receivedAt'), formatTime(c.receivedAt)], [t('firstContactOwner'), c.firstContactOwner?.name],
    ]),
    h('p', {}, h('a', { href: `#/complaints/${encodeURIComponent(c.number)}` }, t('openComplaint'))));

  if (c.approval) {
    main.append(h('div', { class: 'notice ' + (c.approval.approved ? 'success' : 'warning'), role: 'status' },
      h('strong', {}, c.approval.approved ? t('approved') : t('rejected')), ' · ', c.approval.by.name, ' · ', formatTime(c.approval.at),
      c.approval.reason ? h('p', {}, c.approval.reason) : null));
    return;
  }
  if (!allows(c, 'decideApproval')) {
    main.append(h('p', { class: 'notice' }, t('noApprovalNeeded')));
    return;
  }
  if (!ctx.can(DECIDE.endpoint)) {
    main.append(h('p', { class: 'notice warning' }, t('approvalManagementOnly')));
    return;
  }
  const key = newKey();
  const reason = h('textarea', { id: 'approval-reason', name: 'reason', rows: 3, maxlength: 4000 });
  const status = h('div', { class: 'status' });
  const approve = h('button', { type: 'submit', class: 'primary', value: 'true' }, t('approve'));
  const reject = h('button', { type: 'submit', class: 'danger', value: 'false' }, t('reject'));
  const form = h('form', { class: 'card decision', novalidate: true, 'aria-labelledby': 'decision-title' },
    h('h2', { id: 'decision-title' }, t('decision')),
    h('div', { class: 'field' }, h('label', { for: 'approval-reason' }, t('decisionReason')), reason,
      h('p', { class: 'field-error', id: 'approval-reason-error', hidden: true })),
    h('div', { class: 'actions' }, approve, reject), status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const approved = e.submitter?.value === 'true';
    if (!approved && !reason.value.trim()) {
      const slot = form.querySelector('#approval-reason-error');
      slot.textContent = t('needRejectReason'); slot.hidden = false;
      reason.setAttribute('aria-invalid', 'true'); reason.focus();
      return;
    }
    await send(ctx, c, etag, DECIDE, { approved, reason: reason.value.trim() || null },
      { form, status, submit: e.submitter, key, onDone: () => ctx.reload() });
  });
  main.append(form);
}
