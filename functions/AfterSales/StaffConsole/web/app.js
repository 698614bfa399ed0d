// The console's shell: settings, sign-in, vocabulary, the top bar and the hash router.
// Routes are hashes (#/inbox/quality) so every screen is the one index.html under /api/console/:
// no server-side fallback route is needed, behind the Functions host or locally.
import { h, fill } from './lib/dom.js';
import { t, setLang, lang, setVocabulary } from './lib/i18n.js';
import * as session from './lib/session.js';
import { get, whenSignedOut } from './lib/api.js';
import { problemBox } from './lib/ui.js';
import { screens, home } from './screens/index.js';

const main = document.getElementById('main');
const top = document.getElementById('top');
const DEPARTMENTS = ['marketing', 'quality', 'technical', 'procurement', 'management'];
let settings = null;
let leaving = [];
let ready = false;

const ctx = {
  get settings() { return settings; },
  user: () => session.user(),
  hasRole: role => session.hasRole(role),
  oversees: () => session.hasRole('supervisor') || session.hasRole('management'),
  /** Whether the signed-in roles get through a named endpoint's policy (GET /api/console/settings). */
  can(endpoint) {
    const roles = settings?.endpointRoles?.[endpoint];
    return !roles || (session.user()?.roles ?? []).some(r => roles.includes(r));
  },
  /** Department inboxes this person may open (the API's rule: own department, oversight, admin). */
  inboxes() {
    const everything = ctx.oversees() || session.hasRole('admin');
    return DEPARTMENTS.filter(d => everything || session.hasRole(d));
  },
  homeDepartment: () => DEPARTMENTS.find(d => session.hasRole(d)) ?? (ctx.inboxes()[0] ?? null),
  go: hash => { if (location.hash === hash) route(); else location.hash = hash; },
  reload: () => route(),
  /** Runs when the user leaves the screen (stop clocks, timers). */
  onLeave: fn => leaving.push(fn),
};

function match(path) {
  for (const screen of screens) {
    const names = [];
    const pattern = new RegExp('^' + screen.path.replace(/:(\w+)/g, (_, n) => { names.push(n); return '([^/]+)'; }) + '$');
    const found = pattern.exec(path);
    if (found) return { screen, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1])])) };
  }
  return null;
}

function renderTop(path) {
  const user = session.user();
  const nav = user ? screens.filter(s => s.nav && (!s.show || s.show(ctx))).map(s => {
    const href = s.href ? s.href(ctx) : '#/' + s.path;
    const active = path.split('/')[0] === s.path.split('/')[0];
    return h('li', {}, h('a', { href, 'aria-current': active ? 'page' : null }, t(s.nav)));
  }) : [];
  fill(top,
    h('a', { class: 'brand', href: '#/' }, t('appName')),
    user ? h('nav', { 'aria-label': t('navLabel') }, h('ul', {}, nav)) : null,
    h('div', { class: 'who' },
      user ? h('span', { class: 'user' }, user.name, h('small', {}, ' ', user.roles.join(', '))) : null,
      h('button', { type: 'button', class: 'link', lang: lang() === 'zh' ? 'en' : 'zh-CN', onclick: switchLanguage }, t('otherLanguage')),
      user ? h('button', { type: 'button', class: 'link', onclick: signOut }, t('signOut')) : null));
}

async function switchLanguage() {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  await route();
  top.querySelector('button.link')?.focus();
}

async function signOut() {
  await session.signOut();
  location.hash = '#/';
  await route();
}

async function route() {
  for (const fn of leaving.splice(0)) fn();
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  const query = new URLSearchParams(search ?? '');
  renderTop(path);
  main.setAttribute('aria-busy', 'true');
  try {
    if (!session.user()) {
      const signIn = await import('./screens/signin.js');
      fill(main);
      await signIn.render({ ...ctx, main, params: {}, query, afterSignIn });
    } else if (!path) {
      location.replace(home(ctx));
      return;
    } else {
      const found = match(path);
      fill(main);
      if (!found) {
        main.append(h('h1', {}, t('notFoundTitle')), h('p', {}, h('a', { href: '#/' }, t('goHome'))));
      } else {
        const module = await found.screen.load();
        await module.render({ ...ctx, main, params: found.params, query, screen: found.screen });
      }
    }
  } catch (error) {
    main.append(problemBox(error));
  } finally {
    main.removeAttribute('aria-busy');
  }
  const heading = main.querySelector('h1');
  document.title = (heading ? heading.textContent + ' · ' : '') + t('appName');
  // Keyboard and screen-reader users land on the new screen's heading.
  heading?.setAttribute('tabindex', '-1');
  if (ready) (heading ?? main).focus();
  if (!ready) {
    ready = true;
    performance.mark('console-ready');
    document.body.dataset.ready = 'true';
    registerWorker();
  }
}

async function afterSignIn() {
  await loadVocabulary();
  if (!location.hash || location.hash === '#/') location.hash = home(ctx); else await route();
}

async function loadVocabulary() {
  try {
    setVocabulary((await get('/api/vocabulary')).data);
  } catch (error) {
    // Offline (the shell came from the service worker): the screens still open and say so.
    if (error?.status !== 0) throw error;
    document.body.dataset.offline = 'true';
    top.after(h('p', { class: 'notice warning offline-shell', role: 'status' }, t('offlineShell')));
  }
}

/**
 * The service worker (sw.js) keeps the shell for opening without a network. Registered after the
 * first screen is ready, so its downloads never slow that screen; its URL carries the files'
 * version, so a deploy installs a new worker (the page after the next load runs the new files).
 */
function registerWorker() {
  const version = settings?.shell?.version;
  if (!version || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js?v=' + encodeURIComponent(version)).catch(() => {});
}

async function boot() {
  try {
    const response = await fetch('settings', { headers: { accept: 'application/json' } });
    settings = await response.json();
    await session.start(settings);
    if (session.user()) await loadVocabulary();
  } catch (error) {
    fill(main, problemBox(error));
    main.removeAttribute('aria-busy');
    return;
  }
  whenSignedOut(() => { session.forget(); route(); });
  window.addEventListener('hashchange', route);
  await route();
}

boot();
