// The customer part of taking a complaint: search as you type (name, contact or phone), pick a
// card, or register a new customer inline, warned when a card with the same name or phone exists.
import { h, field, debounce } from '../lib/dom.js';
import { t, term } from '../lib/i18n.js';
import { get, query } from '../lib/api.js';

export function customerPicker() {
  let selected = null;
  let isNew = false;
  let options = [];
  let active = -1;

  const search = h('input', {
    id: 'customer-search', name: 'customer.name', role: 'combobox', autocomplete: 'off', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': 'customer-results', required: true,
  });
  const list = h('ul', { id: 'customer-results', role: 'listbox', class: 'results', hidden: true, 'aria-label': t('customerResults') });
  const chosen = h('div', { class: 'chosen', hidden: true });
  const warning = h('div', { class: 'duplicate-warning', 'aria-live': 'polite' });
  const newName = h('input', { id: 'new-name', name: 'registerCustomer.name', required: true, autocomplete: 'organization' });
  const newContact = h('input', { id: 'new-contact', name: 'registerCustomer.contactPerson', autocomplete: 'name' });
  const newPhone = h('input', { id: 'new-phone', name: 'registerCustomer.contactPhone', type: 'tel', autocomplete: 'tel' });
  const newProvince = h('input', { id: 'new-province', name: 'registerCustomer.province', list: 'provinces' });
  const newAddress = h('input', { id: 'new-address', name: 'registerCustomer.address', autocomplete: 'street-address' });
  const newCard = h('fieldset', { class: 'new-customer', hidden: true },
    h('legend', {}, t('newCustomer')),
    field(t('customerName'), newName), field(t('contactPerson'), newContact), field(t('contactPhone'), newPhone),
    field(t('province'), newProvince), field(t('address'), newAddress), warning,
    h('button', { type: 'button', class: 'link', onclick: () => reset() }, t('cancelNewCustomer')));

  const show = open => { list.hidden = !open; search.setAttribute('aria-expanded', String(open)); };
  const highlight = i => {
    active = i;
    [...list.children].forEach((li, n) => li.setAttribute('aria-selected', String(n === i)));
    if (i >= 0) search.setAttribute('aria-activedescendant', list.children[i].id); else search.removeAttribute('aria-activedescendant');
  };

  const lookUp = debounce(async text => {
    if (text.trim().length === 0) { show(false); return; }
    let found = [];
    try { found = (await get('/api/customers' + query({ q: text.trim(), pageSize: 8 }))).data.items; } catch { found = []; }
    if (search.value !== text) return; // typed on meanwhile
    options = [...found.map(c => ({ card: c })), { create: text.trim() }];
    list.replaceChildren(...options.map((o, i) => h('li', {
      id: `customer-option-${i}`, role: 'option', class: o.create ? 'create' : '', 'aria-selected': 'false',
      onmousedown: e => { e.preventDefault(); choose(o); },
    }, o.create ? t('registerNew', { name: o.create }) : describe(o.card))));
    highlight(-1);
    show(true);
  }, 200);

  function describe(c) {
    return [h('strong', {}, c.name), ' ', h('span', { class: 'muted' },
      [c.contactPerson, c.contactPhone ?? c.phone, c.province, term('customerGrades', c.grade)].filter(Boolean).join(' · '))];
  }

  function choose(option) {
    show(false);
    if (option.create !== undefined) {
      isNew = true; selected = null;
      search.closest('.field').hidden = true;
      newCard.hidden = false;
      newName.value = option.create;
      checkDuplicates();
      newContact.focus();
      return;
    }
    selected = option.card; isNew = false;
    search.closest('.field').hidden = true;
    chosen.hidden = false;
    chosen.replaceChildren(h('p', {}, t('customerChosen'), ' ', describe(selected), ' ',
      h('a', { href: `#/customers/${encodeURIComponent(selected.id)}`, target: '_blank' }, t('openCard'))),
      h('button', { type: 'button', class: 'link', onclick: () => reset() }, t('changeCustomer')));
    picker.onChosen?.(selected);
  }

  function reset() {
    selected = null; isNew = false;
    search.closest('.field').hidden = false;
    chosen.hidden = true; newCard.hidden = true;
    warning.replaceChildren();
    search.value = '';
    search.focus();
  }

  // A card with the same name or phone may be this customer: say so before a second card is made.
  const checkDuplicates = debounce(async () => {
    const lookups = [];
    if (newName.value.trim()) lookups.push(get('/api/customers' + query({ name: newName.value.trim(), pageSize: 5 })));
    if (newPhone.value.trim().length >= 4) lookups.push(get('/api/customers' + query({ phone: newPhone.value.trim(), pageSize: 5 })));
    const cards = new Map();
    for (const result of await Promise.allSettled(lookups)) {
      for (const c of result.value?.data.items ?? []) cards.set(c.id, c);
    }
    warning.replaceChildren(...(cards.size === 0 ? [] : [h('div', { class: 'notice warning', role: 'alert' },
      h('strong', {}, t('duplicateCustomer')),
      h('ul', {}, [...cards.values()].map(c => h('li', {}, describe(c), ' ',
        h('button', { type: 'button', class: 'link', onclick: () => choose({ card: c }) }, t('useThisCustomer'))))))]));
  }, 300);
  newName.addEventListener('input', checkDuplicates);
  newPhone.addEventListener('input', checkDuplicates);

  search.addEventListener('input', () => lookUp(search.value));
  search.addEventListener('keydown', e => {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); highlight(Math.min(active + 1, options.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(options[active]); }
    else if (e.key === 'Escape') show(false);
  });
  search.addEventListener('blur', () => setTimeout(() => show(false), 150));

  const picker = {
    element: h('div', { class: 'customer-picker' },
      field(t('customerSearch'), search, t('customerSearchHint')), list, chosen, newCard),
    /** What the intake sends: a known card's id, or the new customer to register. */
    value() {
      if (selected) return { customer: { customerId: selected.id } };
      if (isNew) {
        return { registerCustomer: {
          name: newName.value.trim(), contactPerson: newContact.value.trim() || null, contactPhone: newPhone.value.trim() || null,
          province: newProvince.value.trim() || null, address: newAddress.value.trim() || null,
        } };
      }
      return null;
    },
    reset,
    onChosen: null,
  };
  return picker;
}
