// Take a complaint (投诉受理) while the customer is on the phone: the customer, the facts of the
// complaint handling form, and the number on save. The same Idempotency-Key goes with every retry
// of one form, so a double click or a dropped answer files one complaint.
import { h, field, showFieldErrors, announce, newKey } from '../lib/dom.js';
import { t, terms } from '../lib/i18n.js';
import { post, ApiError } from '../lib/api.js';
import { busy, problemBox, selectOf } from '../lib/ui.js';
import { customerPicker } from './intake-customer.js';
import { dropzone, uploadAll, uploadResult } from './attachments.js';

const PROVINCES = ['北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门'];

export async function render(ctx) {
  const { main } = ctx;
  let key = newKey();
  const picker = customerPicker();
  const files = dropzone('intake-attachments');
  const input = (name, attrs = {}) => h('input', { id: 'intake-' + name.replace('.', '-'), name, autocomplete: 'off', ...attrs });
  const contact = input('customer.contact');
  const phone = input('customer.phone', { type: 'tel' });
  picker.onChosen = card => {
    contact.value = card.contactPerson ?? '';
    phone.value = card.contactPhone ?? card.phone ?? '';
  };
  const description = h('textarea', { id: 'intake-description', name: 'description', rows: 4, required: true, maxlength: 4000 });
  const result = h('div', { class: 'result' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('saveComplaint'));

  const form = h('form', { class: 'intake', novalidate: true, 'aria-labelledby': 'intake-title' },
    h('datalist', { id: 'provinces' }, PROVINCES.map(p => h('option', { value: p }))),
    h('fieldset', {}, h('legend', {}, t('customer')), picker.element,
      h('div', { class: 'row' }, field(t('callerContact'), contact), field(t('callerPhone'), phone))),
    h('fieldset', {}, h('legend', {}, t('complaintFacts')),
      h('div', { class: 'row' },
        field(t('channel'), selectOf('channels', { name: 'channel', id: 'intake-channel', value: 'phone' }, terms('channels'))),
        field(t('workKind'), selectOf('workKinds', { name: 'kind', id: 'intake-kind', value: 'complaint' }, terms('workKinds')))),
      h('div', { class: 'row' },
        field(t('product'), input('product')), field(t('orderNumber'), input('orderNumber')), field(t('partNumber'), input('partNumber'))),
      h('div', { class: 'row' },
        field(t('shippingDate'), input('shippingDate', { type: 'date' })),
        field(t('quantity'), input('quantity', { type: 'number', min: 0, inputmode: 'numeric' })),
        field(t('defectiveQuantity'), input('defectiveQuantity', { type: 'number', min: 0, inputmode: 'numeric' }))),
      field(t('customerDemand'), input('customerDemand')),
      field(t('description'), description, t('descriptionHint'))),
    // Photos and documents: dropped, picked or taken with the phone's camera; sent once the complaint has its number.
    h('fieldset', {}, h('legend', {}, t('attachments')), files.element),
    h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    result.replaceChildren();
    const who = picker.value();
    const missing = {};
    if (!who) missing['customer.name'] = [t('needCustomer')];
    if (!description.value.trim()) missing.description = [t('needDescription')];
    if (showFieldErrors(form, missing)) return;
    const value = name => form.elements[name].value.trim() || null;
    const number = name => (form.elements[name].value === '' ? null : Number(form.elements[name].value));
    const body = {
      channel: value('channel'), kind: value('kind'),
      customer: { ...(who.customer ?? {}), contact: value('customer.contact'), phone: value('customer.phone') },
      registerCustomer: who.registerCustomer,
      product: value('product'), orderNumber: value('orderNumber'), partNumber: value('partNumber'),
      shippingDate: value('shippingDate'), quantity: number('quantity'), defectiveQuantity: number('defectiveQuantity'),
      customerDemand: value('customerDemand'), description: description.value.trim(),
    };
    try {
      const chosen = files.files();
      const { data } = await busy(submit, async () => {
        const made = await post('/api/complaints', body, { key });
        if (chosen.length) {
          const sent = await uploadAll('complaint', made.data.number, chosen, (i, n) => { submit.textContent = t('uploadingFile', { i, n }); });
          submit.textContent = t('saveComplaint');
          made.data.uploads = sent;
        }
        return made;
      });
      key = newKey(); // the next complaint is a new request
      showFieldErrors(form, {});
      form.reset();
      picker.reset();
      files.reset();
      result.replaceChildren(saved(data));
      announce(t('savedAs', { number: data.number }));
      result.querySelector('.number')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors)) return;
      result.replaceChildren(problemBox(error));
    }
  });

  main.append(h('h1', { id: 'intake-title' }, t('takeComplaintTitle')), result, form);
}

/** The number, big, with the likely duplicates the API flagged. */
function saved(c) {
  return h('section', { class: 'notice success', 'aria-labelledby': 'saved-title' },
    h('h2', { id: 'saved-title' }, t('savedTitle')),
    h('p', { class: 'number', tabindex: '-1' }, c.number),
    c.uploads ? uploadResult(c.uploads) : null,
    c.possibleDuplicates?.length ? h('div', { class: 'notice warning', role: 'alert' },
      h('strong', {}, t('possibleDuplicates')),
      h('ul', {}, c.possibleDuplicates.map(n => h('li', {}, h('a', { href: `#/complaints/${encodeURIComponent(n)}` }, n))))) : null,
    h('p', {}, h('a', { href: `#/complaints/${encodeURIComponent(c.number)}` }, t('openComplaint'))));
}
