// The technician's visits (现场服务): their own open visits, earliest due first, overdue ones
// leading. Made for a phone: one column, big targets.
import { h, fill } from '../lib/dom.js';
import { t, term, dueText, formatTime } from '../lib/i18n.js';
import { get } from '../lib/api.js';
import { badge, problemBox } from '../lib/ui.js';
import { pendingDrafts } from './visit-drafts.js';

export async function render(ctx) {
  const list = h('ul', { class: 'cards visits', 'aria-live': 'polite' });
  ctx.main.append(h('h1', {}, t('visitsTitle')), list);
  try {
    const { data } = await get('/api/visits/mine');
    const waiting = pendingDrafts();
    fill(list, data.length ? data.map(v => h('li', { class: 'card' + (v.overdue ? ' overdue' : ''), dataset: { visit: v.id } },
      h('a', { href: `#/visits/${encodeURIComponent(v.id)}` }, h('strong', {}, v.id)), ' ', v.subject,
      h('p', {}, v.stage ? badge(term('visitStages', v.stage), 'state') : null, ' ',
        h('span', { class: v.overdue ? 'sla overdue' : 'sla' }, dueText(v.dueAt)), ' ', h('small', { class: 'muted' }, t('dueBy', { time: formatTime(v.dueAt) })),
        v.overdue ? [' ', badge(t('overdue'), 'danger')] : null,
        waiting.includes(v.id) ? [' ', badge(t('draftOnPhone'), 'warn')] : null)))
      : h('li', { class: 'muted' }, t('noVisits')));
  } catch (error) {
    fill(list, problemBox(error));
  }
}
