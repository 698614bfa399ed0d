// GB/T 27922 self-assessments (商品售后服务自我评价): the list, newest first, with each one's score
// and level; an assessor opens one for a period; any two are compared side by side.
import { h, fill, newKey, showFieldErrors } from '../lib/dom.js';
import { t, term, formatTime } from '../lib/i18n.js';
import { get, post, ApiError } from '../lib/api.js';
import { badge, problemBox, busy } from '../lib/ui.js';
import { field, input, val } from './record-actions.js';

export async function render(ctx) {
  const { main } = ctx;
  main.append(h('h1', {}, t('assessmentsTitle')));
  if (ctx.can('OpenAssessment')) main.append(openForm(ctx));
  const list = h('div', { 'aria-live': 'polite' });
  main.append(h('section', { 'aria-labelledby': 'assessments-list' }, h('h2', { id: 'assessments-list' }, t('assessmentsList')), list));
  try {
    const { data } = await get('/api/assessments?pageSize=100');
    fill(list, data.items.length ? [table(data.items), data.items.length > 1 ? compareForm(ctx, data.items) : null]
      : h('p', { class: 'muted' }, t('noAssessments')));
  } catch (error) {
    fill(list, problemBox(error));
  }
}

const period = a => `${a.from.slice(0, 4)}-${a.from.slice(4)} ~ ${a.to.slice(0, 4)}-${a.to.slice(4)}`;

function table(items) {
  return h('table', { class: 'inbox assessments' },
    h('thead', {}, h('tr', {}, ['colRecord', 'assessmentTitleField', 'assessmentPeriod', 'colState', 'assessmentScore', 'assessmentLevel', 'assessmentOpenedAt']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, items.map(a => h('tr', { dataset: { assessment: a.id } },
      h('td', {}, h('a', { href: `#/assessments/${encodeURIComponent(a.id)}` }, a.id)),
      h('td', {}, a.title), h('td', {}, period(a)),
      h('td', {}, badge(term('assessmentStates', a.state), 'state')),
      h('td', { class: 'num' }, a.score.toFixed(2)),
      h('td', {}, term('assessmentLevels', a.level)),
      h('td', {}, formatTime(a.openedAt))))));
}

/** Two assessments side by side: the earlier period is "before" (the API decides). */
function compareForm(ctx, items) {
  const options = selected => items.map((a, i) => h('option', { value: a.id, selected: i === selected }, `${a.id} · ${a.title}`));
  const first = h('select', { id: 'compare-a', name: 'a' }, options(0));
  const second = h('select', { id: 'compare-b', name: 'b' }, options(1));
  const form = h('form', { class: 'card', id: 'assessment-compare' },
    h('h3', {}, t('assessmentCompare')),
    h('div', { class: 'row' }, field(t('assessmentCompareA'), first), field(t('assessmentCompareB'), second)),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('assessmentCompareGo'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    ctx.go(`#/assessments/${encodeURIComponent(first.value)}/comparison/${encodeURIComponent(second.value)}`);
  });
  return form;
}

/** An assessor opens an assessment of a period (months YYYYMM): the system counts its evidence at once. */
function openForm(ctx) {
  const key = newKey();
  const status = h('div', { class: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('assessmentOpen'));
  const month = name => input(name, { type: 'month', required: true });
  const form = h('form', { class: 'card', novalidate: true, id: 'assessment-open' },
    field(t('assessmentTitleField'), input('title', { required: true, maxlength: 200 })),
    h('div', { class: 'row' }, field(t('assessmentFrom'), month('from')), field(t('assessmentTo'), month('to'))),
    h('div', { class: 'actions' }, submit), status);
  const yyyymm = name => val(form, name)?.replace('-', '') ?? null;
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.replaceChildren();
    try {
      const { data } = await busy(submit, () => post('/api/assessments', { title: val(form, 'title'), from: yyyymm('from'), to: yyyymm('to') }, { key }));
      ctx.go(`#/assessments/${encodeURIComponent(data.assessment.id)}`);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors))) status.append(problemBox(error));
    }
  });
  return h('details', { class: 'open-capa' }, h('summary', {}, t('assessmentOpen')), form);
}
