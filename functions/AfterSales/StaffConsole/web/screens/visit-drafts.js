// Drafts of a service record card kept on the phone while the network is gone: the card as
// filled, the version it was filled on (If-Match) and the Idempotency-Key, so sending it later
// can neither overwrite someone else's change nor save it twice.
const PREFIX = 'aftersales.visit-draft.';

export const loadDraft = id => {
  try { return JSON.parse(localStorage.getItem(PREFIX + id) ?? 'null'); } catch { return null; }
};
export const keepDraft = (id, draft) => localStorage.setItem(PREFIX + id, JSON.stringify(draft));
export const dropDraft = id => localStorage.removeItem(PREFIX + id);

/** The visits with a draft waiting on this phone. */
export function pendingDrafts() {
  const ids = [];
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (key?.startsWith(PREFIX)) ids.push(key.slice(PREFIX.length));
  }
  return ids;
}
