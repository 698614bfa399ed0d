// The console's screens, one line each. To add a screen (docs/console.md): write a module in this
// folder that exports render(ctx), add its route here, and its words to lib/strings.js.
// `nav` puts it in the top bar for the people `show` lets see it (the API still decides).

export const screens = [
  { path: 'intake', load: () => import('./intake.js'), nav: 'navIntake' },
  { path: 'inbox/:department', load: () => import('./inbox.js'), nav: 'navInbox', href: ctx => `#/inbox/${ctx.homeDepartment() ?? 'marketing'}`, show: ctx => ctx.inboxes().length > 0 },
  { path: 'complaints/:number', load: () => import('./complaint.js') },
  { path: 'approvals/:number', load: () => import('./approval.js') },
  { path: 'customers', load: () => import('./customers.js'), nav: 'navCustomers' },
  { path: 'customers/:id', load: () => import('./customer.js') },
  { path: 'visits', load: () => import('./visits.js'), nav: 'navVisits' },
  { path: 'visits/:id', load: () => import('./visit.js') },
  { path: 'capa', load: () => import('./capa-board.js'), nav: 'navCapa' },
  { path: 'capas/:id', load: () => import('./capa.js') },
  { path: 'returns', load: () => import('./returns.js'), nav: 'navReturns', show: ctx => ctx.can('ListReturnOrders') },
  { path: 'returns/:id', load: () => import('./return.js') },
  { path: 'commissioning', load: () => import('./commissioning.js').then(m => ({ render: m.renderPlanning })), nav: 'navCommissioning',
    show: ctx => ['technical', 'marketing', 'supervisor', 'technician', 'management'].some(r => ctx.hasRole(r)) },
  { path: 'commissioning/:id', load: () => import('./commissioning.js') },
  { path: 'service-reports', load: () => import('./service-report.js').then(m => ({ render: m.renderFiling })) },
  { path: 'service-reports/:id', load: () => import('./service-report.js') },
  { path: 'reports', load: () => import('./reports.js'), nav: 'navReports', show: ctx => ctx.can('GetMonthlySupervisionReport') },
  { path: 'assessments', load: () => import('./assessments.js'), nav: 'navAssessment', show: ctx => ctx.can('ListAssessments') },
  { path: 'assessments/:id', load: () => import('./assessment.js') },
  { path: 'assessments/:id/comparison/:other', load: () => import('./assessment-compare.js') },
];

/** Where an inbox row's record opens, by record kind; a new kind of work item adds its link here. */
export const recordLinks = {
  complaint: id => `#/complaints/${encodeURIComponent(id)}`,
  capa: id => `#/capas/${encodeURIComponent(id)}`,
  returnOrder: id => `#/returns/${encodeURIComponent(id)}`,
  visit: id => `#/visits/${encodeURIComponent(id)}`,
  commissioning: id => `#/commissioning/${encodeURIComponent(id)}`,
};

/** The words of a work item's step and of its record's state, by record kind (vocabulary lists). */
export const recordWords = {
  complaint: { steps: 'stepKinds', states: 'complaintStates' },
  capa: { steps: 'capaSteps', states: 'capaStages' },
  returnOrder: { steps: 'returnSteps', states: 'returnStages' },
  visit: { steps: null, states: 'visitStages' },
  commissioning: { steps: null, states: 'commissioningStages' },
};

/** The first thing each person sees after signing in. */
export function home(ctx) {
  if (ctx.hasRole('management')) return '#/inbox/management';
  const department = ctx.homeDepartment();
  if (department) return `#/inbox/${department}`;
  if (ctx.hasRole('technician')) return '#/visits';
  if (ctx.hasRole('assessor')) return '#/assessments';
  return '#/intake';
}
