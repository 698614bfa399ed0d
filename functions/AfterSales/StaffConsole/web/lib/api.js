// Every call to the API: the token, JSON, ETags (If-Match) and Idempotency-Keys, and problem
// details turned into an ApiError the screens can show (never a raw error).
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The per-field messages of a 400 (field name → messages). */
  get errors() { return this.problem.errors ?? {}; }
}

let onSignedOut = () => {};
export const whenSignedOut = handler => { onSignedOut = handler; };

export async function call(method, path, { body, etag, key, file } = {}) {
  const headers = { accept: 'application/json, application/problem+json' };
  const bearer = await token();
  if (bearer) headers.authorization = 'Bearer ' + bearer;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (file !== undefined) headers['content-type'] = 'application/octet-stream';
  if (etag) headers['if-match'] = etag;
  if (key) headers['idempotency-key'] = key;
  let response;
  try {
    response = await fetch(path, { method, headers, body: file ?? (body === undefined ? undefined : JSON.stringify(body)) });
  } catch {
    throw new ApiError(0, { title: 'offline' });
  }
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { title: text }; }
  if (response.status === 401) onSignedOut();
  if (!response.ok) throw new ApiError(response.status, data);
  return { data, etag: response.headers.get('etag'), status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

export const get = (path) => call('GET', path);
export const post = (path, body, options) => call('POST', path, { ...options, body: body ?? {} });
export const put = (path, body, options) => call('PUT', path, { ...options, body });
/** Sends a file (a photo, the signature) as the request body, streamed by the browser. */
export const upload = (path, file, options) => call('POST', path, { ...options, file });

/** A file the API serves (an attachment), fetched with the token, as a Blob for a blob: URL. */
export async function download(path) {
  const headers = {};
  const bearer = await token();
  if (bearer) headers.authorization = 'Bearer ' + bearer;
  let response;
  try {
    response = await fetch(path, { headers });
  } catch {
    throw new ApiError(0, { title: 'offline' });
  }
  if (response.status === 401) onSignedOut();
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch { problem = null; }
    throw new ApiError(response.status, problem);
  }
  return response.blob();
}

/** Builds a query string from the values that are set. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}
