// Customers (顾客资料卡): search by name, contact or phone, filter by grade, open a card.
import { h, fill, debounce } from '../lib/dom.js';
import { t, term, terms } from '../lib/i18n.js';
import { get, query } from '../lib/api.js';
import { badge, problemBox, busy, selectOf } from '../lib/ui.js';

export async function render(ctx) {
  const { main, query: q } = ctx;
  const search = h('input', { type: 'search', id: 'customers-q', name: 'q', value: q.get('q') ?? '', autocomplete: 'off' });
  const grade = selectOf('customerGrades', { id: 'customers-grade', name: 'grade', value: q.get('grade') ?? '', blank: t('allGrades') }, terms('customerGrades'));
  const list = h('ul', { class: 'cards', 'aria-live': 'polite' });
  const more = h('div', { class: 'more' });
  main.append(h('h1', {}, t('customersTitle')),
    h('form', { class: 'filters', role: 'search', onsubmit: e => { e.preventDefault(); load(); } },
      h('label', { for: 'customers-q' }, t('customerSearch')), search,
      h('label', { for: 'customers-grade' }, t('grade')), grade,
      h('button', { type: 'submit' }, t('search'))),
    list, more);

  async function load(token) {
    if (!token) list.replaceChildren();
    try {
      const { data } = await get('/api/customers' + query({ q: search.value.trim(), grade: grade.value, pageSize: 20, continuationToken: token }));
      list.append(...data.items.map(card));
      if (!list.children.length) list.append(h('li', { class: 'muted' }, t('noCustomers')));
      const button = h('button', { type: 'button', onclick: () => busy(button, () => load(data.continuationToken)) }, t('loadMore'));
      fill(more, data.continuationToken ? button : null);
    } catch (error) {
      fill(more, problemBox(error));
    }
  }
  search.addEventListener('input', debounce(() => load(), 250));
  grade.addEventListener('change', () => load());
  await load();
}

function card(c) {
  return h('li', { class: 'card' },
    h('a', { href: `#/customers/${encodeURIComponent(c.id)}` }, h('strong', {}, c.name)), ' ',
    badge(term('customerGrades', c.grade), c.grade === 'key' ? 'warn' : ''),
    h('p', { class: 'muted' }, [c.contactPerson, c.contactPhone ?? c.phone, c.province].filter(Boolean).join(' · ')));
}
