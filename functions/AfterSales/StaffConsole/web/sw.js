// The console's service worker: the shell (HTML, scripts, styles) opens without a network, on a
// phone at a customer's site. Registered by app.js as sw.js?v=<version of the deployed files>, so a
// deploy is a new worker with a new cache, and the old cache is deleted when it takes over.
//   - the console's files: cache first (filled at install from the list GET settings gives);
//   - GET settings: network first, the last answer when offline (the page needs it to start);
//   - everything else (every /api call, every write, other sites): not touched, straight to the
//     network. The API's answers are never cached here.
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = 'aftersales-console-' + VERSION;
const SCOPE = new URL(self.registration.scope);
const SETTINGS = new URL('settings', SCOPE).href;

self.addEventListener('install', event => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const response = await fetch(SETTINGS, { cache: 'no-store' });
    const files = (await response.clone().json()).shell?.files ?? [];
    await cache.put(SETTINGS, response);
    await cache.addAll(['./', ...files].map(f => new Request(new URL(f, SCOPE).href, { cache: 'no-cache' })));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('aftersales-console-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (url.href.split('?')[0] === SETTINGS) {
    event.respondWith(networkFirst(request));
    return;
  }
  event.respondWith(cacheFirst(request, url));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(SETTINGS, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(SETTINGS);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, url) {
  const cache = await caches.open(CACHE);
  // The console's address with or without index.html is the one page; the hash never reaches here.
  const key = url.pathname === SCOPE.pathname || url.pathname === SCOPE.pathname + 'index.html' ? new URL('./', SCOPE).href : url.href.split('?')[0];
  const cached = await cache.match(key);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(key, response.clone());
  return response;
}
