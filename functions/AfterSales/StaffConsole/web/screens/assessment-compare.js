// Two GB/T 27922 assessments side by side: the score and level before and after, each second-level
// indicator's points, what moved the score (largest change first) and where to improve next.
import { h } from '../lib/dom.js';
import { t, term } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge } from '../lib/ui.js';
import { nameOf, namesOf, points } from './assessment.js';

const signed = n => (n > 0 ? '+' : n < 0 ? '−' : '±') + points(Math.abs(n));

export async function render(ctx) {
  const { id, other } = ctx.params;
  const one = id => get(`/api/assessments/${encodeURIComponent(id)}`).then(r => r.data.assessment);
  const [{ data: c }, a, b] = await Promise.all([
    get(`/api/assessments/${encodeURIComponent(id)}/comparison?with=${encodeURIComponent(other)}`), one(id), one(other)]);
  const names = new Map([...namesOf(a), ...namesOf(b)]);
  const name = code => nameOf(names.get(code)) || code;
  const link = x => h('a', { href: `#/assessments/${encodeURIComponent(x)}` }, x);
  ctx.main.append(
    h('h1', {}, t('assessmentComparisonTitle', { before: c.before, after: c.after })),
    h('section', { class: 'card comparison', 'aria-labelledby': 'cmp-score' }, h('h2', { id: 'cmp-score' }, t('assessmentScore')),
      h('p', { class: 'total' },
        link(c.before), ' ', h('span', { class: 'number' }, points(c.scoreBefore)), ' → ', link(c.after), ' ', h('span', { class: 'number' }, points(c.scoreAfter)), ' ',
        badge(signed(c.scoreDelta), c.scoreDelta < 0 ? 'danger' : 'state'), ' ',
        h('span', { id: 'cmp-levels' }, term('assessmentLevels', c.levelBefore), ' → ', term('assessmentLevels', c.levelAfter)),
        c.levelChanged ? [' ', badge(t('assessmentLevelChanged'), 'warn')] : null)),
    h('section', { 'aria-labelledby': 'cmp-movers' }, h('h2', { id: 'cmp-movers' }, t('assessmentMovers')),
      c.movers.length ? h('table', { class: 'items movers' },
        h('thead', {}, h('tr', {}, ['assessmentItem', 'assessmentFindingBefore', 'assessmentFindingAfter', 'assessmentEarnedBefore', 'assessmentEarnedAfter', 'assessmentDelta']
          .map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, c.movers.map(m => h('tr', { dataset: { item: m.item } },
          h('th', { scope: 'row' }, m.item === 'adjustments' ? t('assessmentAdjustments') : name(m.item)),
          h('td', {}, term('itemFindings', m.findingBefore) || '—'), h('td', {}, term('itemFindings', m.findingAfter) || '—'),
          h('td', { class: 'num' }, points(m.earnedBefore)), h('td', { class: 'num' }, points(m.earnedAfter)),
          h('td', { class: 'num' }, signed(m.delta))))))
        : h('p', { class: 'muted' }, t('assessmentNothingMoved'))),
    h('section', { 'aria-labelledby': 'cmp-indicators' }, h('h2', { id: 'cmp-indicators' }, t('assessmentIndicators')),
      h('table', { class: 'items' },
        h('thead', {}, h('tr', {}, ['assessmentIndicator', 'assessmentEarnedBefore', 'assessmentEarnedAfter', 'assessmentDelta'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, c.indicators.map(i => h('tr', { dataset: { indicator: i.code } },
          h('th', { scope: 'row' }, name(i.code)),
          h('td', { class: 'num' }, `${points(i.earnedBefore)} / ${points(i.applicableBefore)}`),
          h('td', { class: 'num' }, `${points(i.earnedAfter)} / ${points(i.applicableAfter)}`),
          h('td', { class: 'num' }, signed(i.delta))))))),
    h('section', { 'aria-labelledby': 'cmp-focus' }, h('h2', { id: 'cmp-focus' }, t('assessmentFocus')),
      c.improvementFocus.length ? h('ol', { class: 'focus' }, c.improvementFocus.map(f => h('li', {},
        h('strong', {}, nameOf(f)), ` − ${points(f.lost)} / ${points(f.applicable)}`,
        f.items.length ? h('ul', {}, f.items.map(i => h('li', {}, name(i)))) : null)))
        : h('p', { class: 'muted' }, t('assessmentNoFocus'))));
}
