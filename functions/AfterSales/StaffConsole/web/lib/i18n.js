// Words on the screens: zh-CN by default, English on request. UI words live in strings.js;
// the words for the API's codes (states, paths, steps, departments, ...) come from
// GET /api/vocabulary, so a module's new codes show in both languages without touching the console.
import { strings } from './strings.js';

const stored = localStorage.getItem('aftersales.lang');
let current = stored === 'en' ? 'en' : 'zh';
let vocabulary = {};

export const lang = () => current;
export const locale = () => (current === 'zh' ? 'zh-CN' : 'en');

export function setLang(value) {
  current = value === 'en' ? 'en' : 'zh';
  localStorage.setItem('aftersales.lang', current);
  document.documentElement.lang = locale();
}
document.documentElement.lang = locale();

/** A UI string, with {name} placeholders filled from vars. */
export function t(key, vars) {
  let text = strings[current][key] ?? strings.en[key] ?? key;
  for (const [name, value] of Object.entries(vars ?? {})) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

/** Loads the vocabulary the API serves (signed in: it is a staff endpoint). */
export function setVocabulary(lists) {
  vocabulary = {};
  for (const [name, terms] of Object.entries(lists ?? {})) {
    vocabulary[name] = new Map(terms.map(term => [term.code, term]));
  }
}

/** The word for a code in one of the vocabulary's lists; the code itself if it has none. */
export function term(list, code) {
  if (code === null || code === undefined || code === '') return '';
  const found = vocabulary[list]?.get(code);
  return found ? (current === 'zh' ? found.zh : found.en) : code;
}

/** Every code of a list with its word, in the API's order (for selects). */
export function terms(list) {
  return [...(vocabulary[list]?.values() ?? [])].map(x => ({ code: x.code, label: current === 'zh' ? x.zh : x.en }));
}

const dateTime = () => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' });

export function formatTime(iso) {
  return iso ? dateTime().format(new Date(iso)) : '';
}

/** 3:05:09 or 2天 4:05:09: what a service clock shows. */
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const days = Math.floor(total / 86400);
  const hms = [Math.floor((total % 86400) / 3600), Math.floor((total % 3600) / 60), total % 60]
    .map((n, i) => (i === 0 ? String(n) : String(n).padStart(2, '0'))).join(':');
  return days > 0 ? t('days', { n: days }) + ' ' + hms : hms;
}

/** "due in 3:05:09" or "overdue by 1:02:00", from a due time and now. */
export function dueText(dueAt, now = Date.now()) {
  const left = new Date(dueAt).getTime() - now;
  return left >= 0 ? t('dueIn', { time: formatDuration(left) }) : t('overdueBy', { time: formatDuration(left) });
}
