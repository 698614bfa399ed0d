// The service record card (对外技术服务记录卡) on the technician's phone: arrival and departure,
// what was observed and done, parts, warranty, photos, the customer's verdict and signature drawn
// on the screen (kept as the visit's signed card). "Save" sends what is filled so far; without a
// network the draft stays on the phone and goes out when the network returns.
import { h, fill, field, showFieldErrors, announce, newKey } from '../lib/dom.js';
import { t, term, formatTime } from '../lib/i18n.js';
import { get, put, post, upload, ApiError } from '../lib/api.js';
import { badge, busy, problemBox } from '../lib/ui.js';
import { text, input, choice, yesNo, instant } from './record-actions.js';
import { loadDraft, keepDraft, dropDraft } from './visit-drafts.js';

export async function render(ctx) {
  const id = ctx.params.id;
  const base = `/api/visits/${encodeURIComponent(id)}`;
  const { data: view, etag } = await get(base);
  show(ctx, base, view, etag);
}

const local = iso => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};

function show(ctx, base, view, etag) {
  const { main } = ctx;
  const v = view.visit;
  const card = v.card;
  const state = { etag, version: view.version, key: newKey() };
  const done = v.stage === 'completed';
  const status = h('div', { class: 'status', 'aria-live': 'polite' });
  const when = (name, value) => {
    const control = input(name, { type: 'datetime-local', value: local(value) });
    const now = h('button', { type: 'button', class: 'secondary', onclick: () => { control.value = local(new Date().toISOString()); } }, t('now'));
    return h('div', { class: 'row when' }, field(t(name), control), now);
  };
  const parts = h('div', { class: 'parts' }, (card.parts.length ? card.parts : []).map(partRow));
  const signedCard = h('input', { type: 'hidden', name: 'signedCard', value: card.signedCard ?? '' });
  const form = h('form', { class: 'card visit-card', novalidate: true, id: 'visit-card' },
    when('arrivedAt', card.arrivedAt), when('departedAt', card.departedAt),
    field(t('observations'), text('observations', { rows: 3, value: card.observations ?? '' })),
    field(t('analysis'), text('analysis', { rows: 2, value: card.analysis ?? '' })),
    field(t('workDone'), text('workDone', { rows: 3, value: card.workDone ?? '' })),
    h('fieldset', {}, h('legend', {}, t('partsUsed')), parts,
      h('button', { type: 'button', class: 'secondary', onclick: () => parts.append(partRow()) }, t('addPart'))),
    field(t('labourHours'), input('labourHours', { type: 'number', min: 0, step: '0.5', inputmode: 'decimal', value: card.labourHours ?? '' })),
    choice('inWarranty', t('inWarranty')),
    field(t('customerRepresentative'), input('customerRepresentative', { value: card.customerRepresentative ?? '' })),
    choice('effectVerified', t('effectVerified')),
    field(t('customerComment'), text('customerComment', { value: card.customerComment ?? '' })),
    signedCard);
  check(form, 'inWarranty', card.inWarranty);
  check(form, 'effectVerified', card.effectVerified);

  const save = h('button', { type: 'button', class: 'primary', onclick: () => busy(save, () => send(body(form))) }, t('saveDraft'));
  const complete = h('button', { type: 'button', onclick: () => busy(complete, finish) }, t('completeVisit'));

  async function send(draft, { quiet = false } = {}) {
    status.replaceChildren();
    try {
      const { data, etag: next } = await put(`${base}/card`, draft, { etag: state.etag, key: state.key });
      dropDraft(v.id);
      Object.assign(state, { etag: next, version: data.version, key: newKey() });
      status.append(h('p', { class: 'notice success', role: 'status' }, t('cardSaved', { time: formatTime(new Date().toISOString()) })));
      if (!quiet) announce(t('saved'));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        keepDraft(v.id, { body: draft, etag: state.etag, key: state.key, at: new Date().toISOString() });
        status.append(h('p', { class: 'notice warning offline', role: 'status' }, t('draftKeptOnPhone')));
      } else {
        refused(form, status, error);
      }
      return false;
    }
  }

  async function finish() {
    if (!(await send(body(form), { quiet: true }))) return;
    try {
      const { data, etag: next } = await post(`${base}/completion`, {}, { etag: state.etag, key: newKey() });
      fill(main);
      show(ctx, base, data, next);
      announce(t('visitCompleted'));
    } catch (error) {
      refused(form, status, error);
    }
  }

  // A draft left on this phone (the network dropped): put it back in the form and send it when the network is back.
  const waiting = loadDraft(v.id);
  if (waiting && !done) {
    Object.assign(state, { etag: waiting.etag, key: waiting.key });
    restore(form, waiting.body, parts);
    status.append(h('p', { class: 'notice warning offline', role: 'status' }, t('draftKeptOnPhone')));
  }
  const online = () => { const d = loadDraft(v.id); if (d) send(d.body); };
  window.addEventListener('online', online);
  ctx.onLeave(() => window.removeEventListener('online', online));

  main.append(...[
    h('h1', { tabindex: '-1' }, `${v.id} ${v.customerName}`),
    h('p', { class: 'subtitle' }, badge(term('visitStages', v.stage), 'state'), ' ',
      h('a', { href: `#/complaints/${encodeURIComponent(v.complaintNumber)}` }, v.complaintNumber), ' ',
      h('span', { class: 'muted' }, `${v.technicians.map(x => x.name).join(', ')} · ${t('dueBy', { time: formatTime(v.arrivalDueAt) })}`)),
    v.charges ? h('p', { class: 'notice' }, t('charges', { parts: v.charges.parts, labour: v.charges.labour, total: v.charges.total, currency: v.charges.currency })) : null,
    form,
    done ? null : photos(ctx, v),
    done ? null : signature(ctx, v, signedCard),
    done ? null : h('div', { class: 'actions sticky' }, save, complete),
    status].filter(Boolean));
  if (done) for (const el of form.elements) el.disabled = true;
}

/** A refusal: each field's message beside it, and those without a place on the form (the signature) said above the buttons. */
function refused(form, status, error) {
  if (!(error instanceof ApiError && error.status === 400 && showFieldErrors(form, error.errors))) {
    status.append(problemBox(error));
    return;
  }
  const unseen = Object.entries(error.errors).filter(([name]) => !form.elements[name]?.id);
  if (unseen.length) status.append(h('div', { class: 'notice error', role: 'alert' }, unseen.map(([, m]) => h('p', {}, [].concat(m).join(' ')))));
}

function check(form, name, value) {
  if (value === true || value === false) form.querySelector(`input[name="${name}"][value="${value}"]`).checked = true;
}

function partRow(p = {}) {
  const row = h('div', { class: 'part-row row' },
    field(t('partNumber'), input('partNumber', { value: p.partNumber ?? '' })),
    field(t('partName'), input('name', { value: p.name ?? '' })),
    field(t('quantity'), input('quantity', { type: 'number', min: 1, inputmode: 'numeric', value: p.quantity ?? 1 })),
    field(t('unitCost'), input('unitCost', { type: 'number', min: 0, step: '0.01', inputmode: 'decimal', value: p.unitCost ?? '' })),
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'wearPart', checked: p.wearPart === true }), ' ', t('wearPart')));
  return row;
}

function body(form) {
  const v = name => form.elements[name]?.value.trim() || null;
  const num = name => (v(name) === null ? null : Number(v(name)));
  return {
    arrivedAt: instant(v('arrivedAt')), departedAt: instant(v('departedAt')),
    observations: v('observations'), analysis: v('analysis'), workDone: v('workDone'),
    parts: [...form.querySelectorAll('.part-row')].map(row => {
      const x = name => row.querySelector(`[name="${name}"]`);
      return { partNumber: x('partNumber').value.trim(), name: x('name').value.trim() || null, quantity: Number(x('quantity').value || 0),
        unitCost: Number(x('unitCost').value || 0), wearPart: x('wearPart').checked };
    }).filter(p => p.partNumber),
    labourHours: num('labourHours'), inWarranty: yesNo(form, 'inWarranty'),
    customerRepresentative: v('customerRepresentative'), effectVerified: yesNo(form, 'effectVerified'),
    customerComment: v('customerComment'), signedCard: v('signedCard'),
  };
}

function restore(form, draft, parts) {
  for (const name of ['observations', 'analysis', 'workDone', 'customerRepresentative', 'customerComment', 'signedCard']) {
    if (draft[name] !== null && draft[name] !== undefined) form.elements[name].value = draft[name];
  }
  for (const name of ['arrivedAt', 'departedAt']) if (draft[name]) form.elements[name].value = local(draft[name]);
  if (draft.labourHours !== null && draft.labourHours !== undefined) form.elements.labourHours.value = draft.labourHours;
  check(form, 'inWarranty', draft.inWarranty);
  check(form, 'effectVerified', draft.effectVerified);
  if (draft.parts?.length) fill(parts, draft.parts.map(partRow));
}

/** Photos from the phone's camera or files, attached to the visit as they are chosen. */
function photos(ctx, v) {
  const list = h('ul', { class: 'photos' });
  const status = h('div', { class: 'status' });
  const picker = h('input', { type: 'file', id: 'visit-photos', accept: 'image/*,application/pdf', capture: 'environment', multiple: true });
  picker.addEventListener('change', async () => {
    status.replaceChildren();
    for (const file of picker.files) {
      try {
        const { data } = await upload(`/api/attachments/visit/${encodeURIComponent(v.id)}?fileName=${encodeURIComponent(file.name)}`, file, { key: newKey() });
        list.append(h('li', { dataset: { attachment: data.id } }, data.fileName));
      } catch (error) {
        status.append(problemBox(error));
      }
    }
    picker.value = '';
  });
  return h('section', { 'aria-labelledby': 'photos-title' }, h('h2', { id: 'photos-title' }, t('photos')),
    h('label', { for: 'visit-photos', class: 'button secondary' }, t('addPhotos')), picker, list, status);
}

/** The customer signs on the screen; the drawing is attached to the visit as its signed card. */
function signature(ctx, v, signedCard) {
  const canvas = h('canvas', { width: 340, height: 160, class: 'signature', 'aria-label': t('signHere'), role: 'img' });
  const pad = canvas.getContext('2d');
  pad.lineWidth = 2.5; pad.lineCap = 'round'; pad.strokeStyle = '#111';
  let drawing = false;
  let drawn = false;
  const at = e => { const r = canvas.getBoundingClientRect(); return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height]; };
  canvas.addEventListener('pointerdown', e => { drawing = true; canvas.setPointerCapture(e.pointerId); pad.beginPath(); pad.moveTo(...at(e)); });
  canvas.addEventListener('pointermove', e => { if (drawing) { pad.lineTo(...at(e)); pad.stroke(); drawn = true; } });
  canvas.addEventListener('pointerup', () => { drawing = false; });
  const status = h('div', { class: 'status' });
  const clear = h('button', { type: 'button', class: 'secondary', onclick: () => { pad.clearRect(0, 0, canvas.width, canvas.height); drawn = false; } }, t('clearSignature'));
  const keep = h('button', { type: 'button', onclick: () => busy(keep, async () => {
    status.replaceChildren();
    if (!drawn) { status.append(h('p', { class: 'notice warning' }, t('signFirst'))); return; }
    const png = await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
    try {
      const { data } = await upload(`/api/attachments/visit/${encodeURIComponent(v.id)}?fileName=${encodeURIComponent(t('signatureFile'))}`, png, { key: newKey() });
      signedCard.value = data.id;
      status.append(h('p', { class: 'notice success', role: 'status' }, t('signatureKept')));
    } catch (error) {
      status.append(problemBox(error));
    }
  }) }, t('keepSignature'));
  return h('section', { 'aria-labelledby': 'signature-title' }, h('h2', { id: 'signature-title' }, t('customerSignature')),
    canvas, h('div', { class: 'buttons' }, clear, keep), status);
}
