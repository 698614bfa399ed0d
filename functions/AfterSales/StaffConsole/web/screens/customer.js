// One customer card with its history: the card's fields, grade and suggested grade, every change
// (who, when, from what to what), its visit records and its complaints.
import { h } from '../lib/dom.js';
import { t, term, formatTime } from '../lib/i18n.js';
import { get, query } from '../lib/api.js';
import { badge, facts, problemBox } from '../lib/ui.js';
import { timeline } from './timeline.js';

export async function render(ctx) {
  const { main, params } = ctx;
  const id = encodeURIComponent(params.id);
  const [{ data: c }, history, visits] = await Promise.all([
    get(`/api/customers/${id}`),
    get(`/api/customers/${id}/history`).then(r => r.data),
    get(`/api/customers/${id}/visits?pageSize=20`).then(r => r.data.items),
  ]);
  main.append(
    h('h1', {}, c.name),
    h('p', { class: 'subtitle' }, badge(term('customerGrades', c.grade), c.grade === 'key' ? 'warn' : ''),
      c.suggestedGrade && c.suggestedGrade.grade !== c.grade ? [' ', h('span', { class: 'muted' }, t('suggestedGrade', { grade: term('customerGrades', c.suggestedGrade.grade) }))] : null),
    h('section', { 'aria-labelledby': 'card-title' }, h('h2', { id: 'card-title' }, t('customerCard')), facts([
      [t('address'), c.address], [t('province'), c.province], [t('phone'), c.phone], [t('fax'), c.fax],
      [t('legalRepresentative'), c.legalRepresentative], [t('contactPerson'), c.contactPerson], [t('contactPhone'), c.contactPhone],
      [t('annualPurchase'), c.annualPurchaseAmount?.toLocaleString()], [t('enterpriseType'), term('enterpriseTypes', c.enterpriseType)],
      [t('products'), c.products.map(p => `${p.product} ${p.purchaseMonth ?? ''} ×${p.quantity}`).join('; ')],
      [t('gradeReason'), c.gradeReason], [t('notes'), c.notes],
      [t('registered'), `${formatTime(c.registeredAt)} · ${c.registeredBy.name}`],
    ])),
    h('section', { 'aria-labelledby': 'complaints-title' }, h('h2', { id: 'complaints-title' }, t('customerComplaints')), await complaints(ctx, c)),
    h('section', { 'aria-labelledby': 'visits-title' }, h('h2', { id: 'visits-title' }, t('customerVisits')),
      visits.length ? h('ul', { class: 'visits' }, visits.map(v => h('li', {},
        h('strong', {}, v.topic), ' ', h('span', { class: 'muted' }, `${formatTime(v.from)} – ${formatTime(v.to)} · ${v.visitors.join(', ')}`),
        v.content ? h('p', {}, v.content) : null, v.handlingResult ? h('p', { class: 'muted' }, v.handlingResult) : null)))
        : h('p', { class: 'muted' }, t('noVisits'))),
    h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, t('history')), timeline(history)));
}

/** Supervisors and management list a customer's complaints; others see those of their department. */
async function complaints(ctx, c) {
  const own = ctx.oversees() ? {} : { department: ctx.homeDepartment() };
  if (!ctx.oversees() && !own.department) return h('p', { class: 'muted' }, t('complaintsOversightOnly'));
  try {
    const { data } = await get('/api/complaints' + query({ customerId: c.id, pageSize: 20, ...own }));
    if (!data.items.length) return h('p', { class: 'muted' }, t('noComplaints'));
    return h('ul', { class: 'complaints' }, data.items.map(x => h('li', {},
      h('a', { href: `#/complaints/${encodeURIComponent(x.number)}` }, x.number), ' ',
      badge(term('complaintStates', x.state), 'state'), ' ', h('span', { class: 'muted' }, [formatTime(x.receivedAt), x.partNumber, x.firstContactOwner].filter(Boolean).join(' · ')))));
  } catch (error) {
    return problemBox(error);
  }
}
