// Attachments (附件) on any record the attachments API keeps (/api/attachments/{kind}/{id}): a drop
// zone that also takes the phone's camera, the uploads after the record exists, and the list with
// image previews. Files go with the token, so previews are fetched and shown from blob: URLs
// (the content security policy allows them); a row with a thumbnail link shows that instead.
import { h, fill, newKey, announce } from '../lib/dom.js';
import { t, formatTime } from '../lib/i18n.js';
import { get, upload, download } from '../lib/api.js';
import { problemBox } from '../lib/ui.js';

const base = (kind, id) => `/api/attachments/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;
const size = n => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * Files chosen before they are sent: dropped on the zone, picked, or taken with the camera.
 * `files()` is the list; `reset()` empties it. `id` keeps the inputs' ids unique on the page.
 */
export function dropzone(id, { accept = 'image/*,application/pdf,.doc,.docx,.xls,.xlsx', label = t('attachFiles'), name = 'files' } = {}) {
  let chosen = [];
  const list = h('ul', { class: 'files pending', 'aria-live': 'polite' });
  const render = () => fill(list, chosen.map((file, i) => h('li', {}, file.name, h('br'), h('small', { class: 'muted' }, size(file.size)), ' ',
    h('button', { type: 'button', class: 'link', 'aria-label': t('removeFile', { name: file.name }), onclick: () => { chosen.splice(i, 1); render(); } }, t('remove')))));
  const add = files => { chosen = [...chosen, ...files]; render(); announce(t('filesChosen', { n: chosen.length })); };
  // `name` lets a form's 400 about the file (e.g. signedScan) show here, under the zone.
  const picker = h('input', { type: 'file', id: `${id}-files`, name, multiple: true, accept, 'aria-describedby': `${id}-files-error` });
  const camera = h('input', { type: 'file', id: `${id}-camera`, accept: 'image/*', capture: 'environment' });
  for (const input of [picker, camera]) input.addEventListener('change', () => { add([...input.files]); input.value = ''; });
  const zone = h('div', { class: 'dropzone', id },
    h('p', {}, t('dropHere')),
    h('div', { class: 'buttons' },
      h('label', { for: picker.id, class: 'button secondary' }, label), picker,
      h('label', { for: camera.id, class: 'button secondary' }, t('takePhoto')), camera),
    list,
    h('p', { class: 'field-error', id: `${id}-files-error`, hidden: true }));
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', e => { e.preventDefault(); zone.classList.remove('over'); add([...e.dataTransfer.files]); });
  return { element: zone, files: () => [...chosen], reset: () => { chosen = []; render(); } };
}

/** Sends the files one by one (each with its own Idempotency-Key); answers what was attached and what failed. */
export async function uploadAll(kind, id, files, onProgress = () => {}) {
  const attached = [];
  const failed = [];
  for (const [i, file] of files.entries()) {
    onProgress(i + 1, files.length, file);
    try {
      attached.push((await upload(`${base(kind, id)}?fileName=${encodeURIComponent(file.name)}`, file, { key: newKey() })).data);
    } catch (error) {
      failed.push({ file, error });
    }
  }
  return { attached, failed };
}

/** What an upload did, as sentences: how many were attached, and each failure with its reason. */
export function uploadResult({ attached, failed }) {
  return h('div', { class: 'uploads' },
    attached.length ? h('p', {}, t('filesAttached', { n: attached.length })) : null,
    failed.map(f => h('div', {}, h('p', {}, t('fileFailed', { name: f.file.name })), problemBox(f.error))));
}

/** The record's attachments with previews of the images; `ctx.onLeave` frees the previews. */
export function attachmentList(ctx, kind, id) {
  const section = h('div', { class: 'attachments' }, h('p', { class: 'muted' }, t('loading')));
  const urls = [];
  ctx.onLeave(() => urls.forEach(u => URL.revokeObjectURL(u)));
  (async () => {
    try {
      const { data } = await get(`${base(kind, id)}?pageSize=100`);
      const items = data.items ?? [];
      fill(section, items.length ? h('ul', { class: 'files' }, items.map(a => item(kind, id, a, urls))) : h('p', { class: 'muted' }, t('noAttachments')));
    } catch (error) {
      fill(section, problemBox(error));
    }
  })();
  return section;
}

/** A thumbnail link another module may add to a row, if any; otherwise the file itself. */
const thumbnailOf = a => [a.thumbnail, a.thumbnailUrl, a.links?.thumbnail, a.thumbnailLink].find(x => typeof x === 'string' && x.startsWith('/api/'));

function item(kind, id, a, urls) {
  const file = `${base(kind, id)}/${encodeURIComponent(a.id)}`;
  const open = h('button', { type: 'button', class: 'link', onclick: () => save(file, a.fileName) }, a.fileName);
  const li = h('li', { dataset: { attachment: a.id } }, open, h('br'),
    h('small', { class: 'muted' }, `${size(a.size)} · ${a.uploadedBy?.name ?? ''} · ${formatTime(a.uploadedAt)}`));
  const image = a.isImage ?? String(a.contentType).startsWith('image/');
  if (image) {
    download(thumbnailOf(a) ?? file).then(blob => {
      const url = URL.createObjectURL(blob);
      urls.push(url);
      li.prepend(h('img', { src: url, alt: a.fileName, loading: 'lazy' }));
    }).catch(() => {});
  }
  return li;
}

/** Downloads an attachment with the token and hands it to the browser under its name. */
async function save(path, name) {
  const url = URL.createObjectURL(await download(path));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
