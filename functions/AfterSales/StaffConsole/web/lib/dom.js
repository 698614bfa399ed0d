// Small DOM helpers: the console builds its screens with h() instead of a framework.
// Text always goes in as text nodes, never as HTML, so nothing a customer typed can run.

/** h('button', { class: 'primary', onclick: fn }, 'Save') → an element. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form field: label, control, hint and a slot for the server's message about it. */
export function field(label, control, hint) {
  const id = control.id || (control.id = 'f-' + Math.random().toString(36).slice(2, 9));
  const message = h('p', { class: 'field-error', id: id + '-error', hidden: true });
  control.setAttribute('aria-describedby', [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
  return h('div', { class: 'field' },
    h('label', { for: id }, label, control.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null,
    message);
}

/** Shows the API's per-field messages next to the fields (by name) and focuses the first. */
export function showFieldErrors(form, errors) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field-error')) { el.hidden = true; el.textContent = ''; }
  let first = null;
  for (const [name, messages] of Object.entries(errors ?? {})) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    if (!control) continue;
    control.setAttribute('aria-invalid', 'true');
    const slot = form.querySelector('#' + CSS.escape(control.id + '-error'));
    if (slot) { slot.textContent = [].concat(messages).join(' '); slot.hidden = false; }
    first ??= control;
  }
  first?.focus();
  return first !== null;
}

/** Says something to screen readers (and keeps it in the live region). */
export function announce(text) {
  const region = document.getElementById('announce');
  if (region) { region.textContent = ''; setTimeout(() => { region.textContent = text; }, 30); }
}

/** Waits until the user stops typing. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** A new Idempotency-Key: the same one is sent again when the user retries the same form. */
export const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
