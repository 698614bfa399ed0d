// A record's history (its events) as sentences: the complaint timeline, the "someone else changed
// this" banner and customer history all read events this way. An event type the console does not
// know yet (a new module's) shows its name, so nothing is hidden.
import { h } from '../lib/dom.js';
import { t, term, formatTime } from '../lib/i18n.js';

const dept = d => term('departments', d);
const step = s => (s ? `${term('stepKinds', s.kind)} → ${dept(s.department)}` : '');

const DETAILS = {
  Received: d => term('channels', d.channel),
  RoutedToDepartment: d => step(d.step),
  Triaged: d => `${term('handlingPaths', d.path)} · ${step(d.step)}`,
  TriageRevised: d => `${term('handlingPaths', d.fromPath)} → ${term('handlingPaths', d.path)}`,
  ApprovalGranted: d => step(d.step),
  ApprovalRejected: d => step(d.step),
  WorkStarted: d => term('stepKinds', d.stepKind),
  TechnicianDispatched: d => `${d.technician?.name ?? ''} · ${t('dueBy', { time: formatTime(d.dueAt) })}`,
  ArrivedOnSite: d => (d.onTime ? t('onTime') : t('late')),
  ArrivalPromised: d => t('dueBy', { time: formatTime(d.dueAt) }),
  FindingsReported: d => d.findings,
  FlaggedUrgent: d => (d.escalatedTo ?? []).join(', '),
  StepCompleted: d => `${term('stepKinds', d.stepKind)}${d.onTime === true ? ' · ' + t('onTime') : d.onTime === false ? ' · ' + t('late') : ''}`,
  ReturnOrderOpened: d => d.returnOrder,
  ReturnOrderEnded: d => [d.returnOrder, d.outcome].filter(Boolean).join(' · '),
  CapaLinked: d => `${d.capa} · ${d.title}`,
  CapaConcluded: d => [d.capa, d.outcome].filter(Boolean).join(' · '),
  SamePartCapaNoted: d => `${d.capa} · ${d.title}`,
  CapaOpened: d => [d.title, d.partNumber, (d.complaints ?? []).join(', ')].filter(Boolean).join(' · '),
  ComplaintsLinked: d => (d.numbers ?? []).join(', '),
  DepartmentNotified: d => [dept(d.department), d.contact?.name].filter(Boolean).join(' · '),
  CauseAnalysed: d => `${d.rootCause} (${term('causeCategories', d.category)})`,
  PlanSubmitted: d => (d.measures ?? []).map(m => m.description).join('; '),
  PlanReviewed: d => (d.approved ? t('approved') : t('rejected')),
  PlanApproved: d => (d.approved ? t('approved') : t('rejected')),
  MeasureCompleted: d => `${d.measure} · ${d.result}`,
  EffectVerified: d => (d.effective ? t('verifiedEffective') : t('notEffective')),
  CapaClosed: d => [term('capaOutcomes', d.outcome), ...(d.documents ?? []).map(x => `${term('standardDocuments', x.kind)} ${x.reference}`)].join(' · '),
  ReturnAuthorised: d => `${term('returnKinds', d.kind)} · ${d.complaintNumber}`,
  ReturnShipped: d => `${d.carrier} ${d.trackingNumber}`,
  ReturnInspected: d => `${term('inspectionResults', d.result)} · ${term('responsibilities', d.responsibility)}`,
  ReplacementShipped: d => `${d.carrier} ${d.trackingNumber}`,
  RefundPaid: d => `${d.amount} ${d.currency}`,
  ReturnClosed: d => term('returnOutcomes', d.outcome),
  ReturnCancelled: d => term('returnOutcomes', d.outcome),
  VisitOpened: d => (d.technicians ?? []).map(x => x.name).join(', '),
  TechnicianAdded: d => d.technician?.name,
  ServiceCardSaved: d => term('visitStages', d.stage),
  VisitCompleted: d => `${d.customerRepresentative} · ${d.effectVerified ? t('effectVerified') : t('notSatisfied')}`,
  AttachmentRemoved: d => d.fileName ?? d.attachment ?? '',
  ServiceReportNoted: d => d.report?.id ?? '',
  Resolved: d => d.summary,
  Closed: d => (d.customerSatisfied ? t('satisfied') : ''),
  ResolutionRejected: () => t('notSatisfied'),
  Reopened: d => step(d.step),
  RevisitRecorded: d => d.note,
  Linked: d => d.number,
  StepTransferred: d => `${term('stepKinds', d.stepKind)}: ${dept(d.fromDepartment)} → ${dept(d.department)}`,
  StepAssigned: d => d.assignee?.name ?? t('unassigned'),
  StepPaused: d => term('pauseReasons', d.pauseReason),
  StepResumed: d => t('dueBy', { time: formatTime(d.dueAt) }),
  StepEscalated: d => `${term('stepKinds', d.stepKind)} → ${term('escalationLevels', d.level)} (${d.escalatedTo})`,
  Registered: d => Object.keys(d.changes ?? {}).map(fieldName).join(', '),
  Updated: d => changes(d.changes),
  Regraded: d => changes(d.changes),
};

/** A customer card's field names as the card's labels say them. */
const FIELDS = {
  name: 'customerName', address: 'address', province: 'province', phone: 'phone', fax: 'fax', legalRepresentative: 'legalRepresentative',
  contactPerson: 'contactPerson', contactPhone: 'contactPhone', annualPurchaseAmount: 'annualPurchase', enterpriseType: 'enterpriseType',
  products: 'products', grade: 'grade', gradeReason: 'gradeReason', notes: 'notes',
};
const fieldName = name => (FIELDS[name] ? t(FIELDS[name]) : name);

function changes(list) {
  return Object.entries(list ?? {}).map(([name, c]) => `${fieldName(name)}: ${c.from ?? '—'} → ${c.to ?? '—'}`).join('; ');
}

/** "Triaged: major quality problem · management approval → management" */
export function describe(event) {
  const title = t('ev' + event.type);
  const detail = DETAILS[event.type]?.(event.data ?? {});
  return title === 'ev' + event.type ? `${event.type}${detail ? ': ' + detail : ''}` : `${title}${detail ? ': ' + detail : ''}`;
}

export function timeline(events) {
  return h('ol', { class: 'timeline' }, events.map(e => h('li', { dataset: { type: e.type, sequence: e.sequence } },
    h('time', { datetime: e.at }, formatTime(e.at)),
    h('span', { class: 'by' }, e.by?.name ?? ''),
    h('span', { class: 'what' }, describe(e)),
    e.reason ? h('q', { class: 'why' }, e.reason) : null)));
}
