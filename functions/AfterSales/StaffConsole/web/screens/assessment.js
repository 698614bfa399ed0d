// One GB/T 27922 self-assessment: the score and level as they stand, where points are lost, the
// indicator tree (一级 / 二级 / 三级指标) with each item's finding, sample, exclusion and notes, the
// system's own evidence to accept or change, special deductions and bonus, and completion.
// Every change goes with the assessment's ETag and an Idempotency-Key (record-actions.js).
import { h, fill } from '../lib/dom.js';
import { t, term, terms, lang, formatTime } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge, facts, selectOf } from '../lib/ui.js';
import { timeline } from './timeline.js';
import { recordActionForm, field, text, input, val } from './record-actions.js';

export const nameOf = x => (x ? (lang() === 'zh' ? x.zh : x.en) : '');
export const points = n => (n === null || n === undefined ? '—' : Number(n).toFixed(2));
/** Every indicator and item of an assessment's set by code (names for the comparison too). */
export function namesOf(a) {
  const names = new Map();
  for (const g of a.indicators.groups) {
    names.set(g.code, g);
    for (const i of g.indicators) { names.set(i.code, i); for (const item of i.items) names.set(item.code, item); }
  }
  return names;
}

export async function render(ctx) {
  const base = `/api/assessments/${encodeURIComponent(ctx.params.id)}`;
  const [{ data: view, etag }, events] = await Promise.all([get(base), get(`${base}/timeline`).then(r => r.data).catch(() => [])]);
  show(ctx, base, view, etag, events, null);
}

function show(ctx, base, view, etag, events, focusItem) {
  const { main } = ctx;
  const a = view.assessment;
  const record = { base, version: view.version, etag };
  const mayAssess = view.allowedActions.includes('items') && ctx.can('AssessItems');
  const onDone = item => async (changed, tag) => {
    const history = await get(`${base}/timeline`).then(r => r.data).catch(() => events);
    fill(main);
    show(ctx, base, changed, tag, history, item);
  };
  const panel = h('div', { class: 'panel', id: 'action-panel' });
  const openInto = (slot, spec, item) => {
    for (const open of main.querySelectorAll('.item-panel form')) open.remove();
    fill(slot, recordActionForm(ctx, record, spec, onDone(item)));
    slot.querySelector('select, input, textarea, button[type=submit]')?.focus();
  };
  const buttons = [
    view.allowedActions.includes('evidence') && ctx.can('RefreshAssessmentEvidence')
      ? h('button', { type: 'button', class: 'secondary', dataset: { action: 'evidence' }, onclick: () => openInto(panel, REFRESH) }, t('assessmentRefreshEvidence')) : null,
    view.allowedActions.includes('adjustments') && ctx.can('AdjustAssessment')
      ? h('button', { type: 'button', class: 'secondary', dataset: { action: 'adjustments' }, onclick: () => openInto(panel, adjustment(a)) }, t('assessmentAdjust')) : null,
    view.allowedActions.includes('completion') && ctx.can('CompleteAssessment')
      ? h('button', { type: 'button', dataset: { action: 'completion' }, onclick: () => openInto(panel, COMPLETE) }, t('assessmentComplete')) : null,
  ].filter(Boolean);

  main.append(
    h('h1', { tabindex: '-1' }, `${a.id} ${a.title}`),
    h('p', { class: 'subtitle' }, badge(term('assessmentStates', a.state), 'state'), ' ',
      h('span', { class: 'muted' }, `${a.period.from} ~ ${a.period.to} · ${a.indicators.standard} v${a.indicators.version} · ${t('version', { v: view.version })}`)),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'assessment-score' }, h('h2', { id: 'assessment-score' }, a.finalScore != null ? t('assessmentFinalScore') : t('assessmentScoreNow')),
        scoreBox(view.score)),
      h('section', { 'aria-labelledby': 'assessment-focus' }, h('h2', { id: 'assessment-focus' }, t('assessmentFocus')), focus(view.improvementFocus, namesOf(a)))),
    h('section', { 'aria-labelledby': 'assessment-actions' }, h('h2', { id: 'assessment-actions' }, t('actions')),
      buttons.length ? h('div', { class: 'buttons' }, buttons) : h('p', { class: 'muted' }, t('noActions')), panel),
    h('p', { class: 'notice' }, nameOf(a.indicators.note)),
    h('div', { class: 'indicator-tree' }, a.indicators.groups.map(g => group(g, view, mayAssess, openInto))),
    h('section', { 'aria-labelledby': 'assessment-adjustments' }, h('h2', { id: 'assessment-adjustments' }, t('assessmentAdjustments')),
      adjustments(a, view, ctx, openInto)),
    h('section', { 'aria-labelledby': 'assessment-facts' }, h('h2', { id: 'assessment-facts' }, t('assessmentDetails')), facts([
      [t('openedBy'), `${a.openedBy.name} · ${formatTime(a.openedAt)}`],
      [t('assessmentEvidenceAt'), formatTime(a.evidenceCollectedAt)],
      [t('assessmentCompletedBy'), a.completedBy ? `${a.completedBy.name} · ${formatTime(a.completedAt)}` : null],
      [t('summary'), a.summary]])),
    h('section', { 'aria-labelledby': 'assessment-timeline' }, h('h2', { id: 'assessment-timeline' }, t('timeline')), timeline(events)));
  const back = focusItem && main.querySelector(`[data-item="${CSS.escape(focusItem)}"] button`);
  (back ?? main.querySelector('h1')).focus();
}

function scoreBox(s) {
  return h('div', { class: 'score card', dataset: { level: s.level } },
    h('p', { class: 'total' }, h('span', { class: 'number', id: 'assessment-total' }, points(s.total)), ' ',
      badge(term('assessmentLevels', s.level), s.level === 'notCompliant' ? 'danger' : 'state')),
    facts([[t('assessmentBase'), `${points(s.base)} (${points(s.earned)} / ${points(s.applicable)})`],
      [t('assessmentDeductions'), s.deductions ? '−' + points(s.deductions) : null], [t('assessmentBonus'), s.bonus ? '+' + points(s.bonus) : null],
      [t('assessmentUnassessed'), s.unassessed.length ? t('assessmentUnassessedCount', { n: s.unassessed.length }) : null]]));
}

function focus(list, names) {
  if (!list.length) return h('p', { class: 'muted' }, t('assessmentNoFocus'));
  return h('ol', { class: 'focus' }, list.map(f => h('li', {},
    h('strong', {}, lang() === 'zh' ? f.zh : f.en), ` − ${points(f.lost)} / ${points(f.applicable)}`,
    f.items.length ? h('ul', {}, f.items.map(i => h('li', {}, nameOf(names.get(i)) || i))) : null)));
}

function group(g, view, mayAssess, openInto) {
  const sum = view.score.groups.find(x => x.code === g.code);
  return h('section', { class: 'indicator-group', 'aria-labelledby': 'g-' + g.code },
    h('h2', { id: 'g-' + g.code }, nameOf(g), ' ', h('small', { class: 'muted' }, `${points(sum?.earned)} / ${points(sum?.applicable)}`)),
    g.indicators.map(i => {
      const s = view.score.indicators.find(x => x.code === i.code);
      return h('div', { class: 'indicator', dataset: { indicator: i.code } },
        h('h3', {}, nameOf(i), ' ', h('small', { class: 'muted' }, `${points(s?.earned)} / ${points(s?.applicable)}`)),
        h('table', { class: 'items' },
          h('thead', {}, h('tr', {}, ['assessmentItem', 'assessmentPoints', 'assessmentFinding', 'assessmentEarned', 'assessmentSystemEvidence', 'colAction']
            .map(k => h('th', { scope: 'col' }, t(k))))),
          i.items.map(item => itemRows(item, view, mayAssess, openInto))));
    }));
}

function itemRows(item, view, mayAssess, openInto) {
  const a = view.assessment;
  const result = a.results.find(r => r.item === item.code);
  const scored = view.score.items.find(x => x.item === item.code);
  const system = a.systemEvidence.find(e => e.item === item.code);
  const slot = h('div', { class: 'item-panel' });
  const finding = result ? [term('itemFindings', result.finding),
    result.finding === 'sampled' ? ` ${result.passed}/${result.sampled}` : '',
    result.fromSystem ? [' ', badge(t('assessmentFromSystem'), 'muted')] : null,
    result.reason ? h('p', { class: 'muted' }, result.reason) : null,
    result.note ? h('p', { class: 'muted' }, result.note) : null,
    result.evidence.length ? h('p', { class: 'muted' }, t('evidenceReference'), ': ', result.evidence.map(e => e.reference).join(', ')) : null]
    : h('span', { class: 'muted' }, t('assessmentNotYet'));
  const evidence = system ? [system.hasData ? `${system.passed}/${system.sampled}` : t('assessmentNoSystemData'),
    h('p', { class: 'muted' }, system.basis)] : '—';
  return h('tbody', { dataset: { item: item.code } },
    h('tr', { class: result ? '' : 'unassessed' },
      h('th', { scope: 'row' }, nameOf(item), h('br'), h('small', { class: 'muted' }, `${item.code} · ${term('itemKinds', item.kind)}`)),
      h('td', { class: 'num' }, points(item.points)),
      h('td', {}, finding),
      h('td', { class: 'num' }, scored?.applicable ? points(scored.earned) : '—'),
      h('td', {}, evidence),
      h('td', {}, mayAssess ? h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'secondary', 'aria-label': `${t('assessmentRecord')} · ${nameOf(item)}`,
          onclick: () => openInto(slot, itemSpec(item, result), item.code) }, t('assessmentRecord')),
        system?.hasData && !result?.fromSystem ? h('button', { type: 'button', class: 'secondary accept', 'aria-label': `${t('assessmentAccept')} · ${nameOf(item)}`,
          onclick: () => openInto(slot, acceptSpec(item, system), item.code) }, t('assessmentAccept')) : null) : null)),
    h('tr', { class: 'panel-row' }, h('td', { colspan: 6 }, slot)));
}

/** The finding of one item: conforms, not, a sample (sampled items), or excluded with the reason. */
function itemSpec(item, result) {
  const findings = terms('itemFindings').filter(f => item.kind === 'sampled' || f.code !== 'sampled');
  const number = (name, value) => input(name, { type: 'number', min: 0, inputmode: 'numeric', value: value ?? '' });
  return {
    path: 'items', label: 'assessmentSaveItem', title: nameOf(item),
    fields: () => [
      field(t('assessmentFinding'), selectOf('itemFindings', { name: 'items[0].finding', required: true, blank: t('choose'), value: result?.finding }, findings)),
      item.kind === 'sampled' ? h('div', { class: 'row' },
        field(t('assessmentSampled'), number('items[0].sampled', result?.sampled)), field(t('assessmentPassed'), number('items[0].passed', result?.passed))) : null,
      field(t('assessmentExcludedReason'), text('items[0].reason', { value: result?.reason ?? '' })),
      field(t('note'), text('items[0].note', { value: result?.note ?? '' })),
      field(t('evidenceReference'), input('items[0].evidence', { value: result?.evidence?.map(e => e.reference).join(', ') ?? '' }))],
    body: f => {
      const count = name => (val(f, name) === null ? null : Number(val(f, name)));
      return { items: [{ item: item.code, finding: val(f, 'items[0].finding'), sampled: count('items[0].sampled'), passed: count('items[0].passed'),
        reason: val(f, 'items[0].reason'), note: val(f, 'items[0].note'),
        evidence: (val(f, 'items[0].evidence') ?? '').split(/[,，]/).map(s => s.trim()).filter(Boolean).map(reference => ({ reference })) }] };
    },
  };
}

function acceptSpec(item, system) {
  return { path: 'items', label: 'assessmentAccept', title: `${t('assessmentAccept')} · ${nameOf(item)}`,
    fields: () => [h('p', {}, `${system.passed}/${system.sampled} · ${system.basis}`)],
    body: () => ({ items: [{ item: item.code, acceptSystemEvidence: true }] }) };
}

const REFRESH = { path: 'evidence', label: 'assessmentRefreshEvidence', fields: () => [h('p', { class: 'muted' }, t('assessmentRefreshHint'))], body: () => ({}) };

const COMPLETE = { path: 'completion', label: 'assessmentComplete', fields: () => [h('p', { class: 'muted' }, t('assessmentCompleteHint')), field(t('summary'), text('summary', { rows: 3 }))],
  body: f => ({ summary: val(f, 'summary') }) };

function adjustment(a) {
  const indicators = a.indicators.groups.flatMap(g => g.indicators).map(i => ({ code: i.code, label: nameOf(i) }));
  return { path: 'adjustments', label: 'assessmentAdjust',
    fields: () => [h('div', { class: 'row' },
      field(t('assessmentAdjustmentKind'), selectOf('adjustmentKinds', { name: 'kind', required: true, blank: t('choose') }, terms('adjustmentKinds'))),
      field(t('assessmentPoints'), input('points', { type: 'number', min: 0.01, max: 20, step: 0.01, required: true, inputmode: 'decimal' })),
      field(t('assessmentIndicator'), selectOf('indicators', { name: 'indicator', blank: '—' }, indicators))),
      field(t('reason'), text('reason', { required: true }))],
    body: f => ({ kind: val(f, 'kind'), points: val(f, 'points') === null ? null : Number(val(f, 'points')), reason: val(f, 'reason'), indicator: val(f, 'indicator') }) };
}

function adjustments(a, view, ctx, openInto) {
  if (!a.adjustments.length) return h('p', { class: 'muted' }, t('assessmentNoAdjustments'));
  const mayWithdraw = view.allowedActions.includes('adjustments') && ctx.can('WithdrawAssessmentAdjustment');
  const names = namesOf(a);
  return h('ul', { class: 'adjustments' }, a.adjustments.map(x => {
    const slot = h('div', { class: 'item-panel' });
    return h('li', { dataset: { adjustment: x.id }, class: x.withdrawnAt ? 'withdrawn' : '' },
      badge(term('adjustmentKinds', x.kind), x.kind === 'deduction' ? 'warn' : 'state'), ' ',
      `${x.kind === 'deduction' ? '−' : '+'}${points(x.points)} · ${x.reason}`, x.indicator ? ` · ${nameOf(names.get(x.indicator))}` : '',
      h('small', { class: 'muted' }, ` · ${x.by.name} · ${formatTime(x.at)}`),
      x.withdrawnAt ? h('p', { class: 'muted' }, t('assessmentWithdrawn', { name: x.withdrawnBy?.name ?? '', reason: x.withdrawnReason ?? '' })) : null,
      mayWithdraw && !x.withdrawnAt ? h('button', { type: 'button', class: 'secondary', onclick: () => openInto(slot, {
        path: `adjustments/${encodeURIComponent(x.id)}/withdrawal`, label: 'assessmentWithdraw',
        fields: () => [field(t('reason'), text('reason', { required: true }))], body: f => ({ reason: val(f, 'reason') }) }) }, t('assessmentWithdraw')) : null,
      slot);
  }));
}
