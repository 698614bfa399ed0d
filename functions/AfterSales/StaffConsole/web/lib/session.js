// Who is signed in, and the token every API call carries.
// Development: the picker asks POST /dev/token for any user and roles (the API refuses it elsewhere).
// Azure: MSAL signs in with Entra ID (redirect flow) and renews tokens silently; its settings come
// from GET /api/console/settings. Either way the user shown is read from the token's own claims
// (oid, name, roles), for display only: the API checks the token on every call.

const KEY = 'aftersales.session';
let settings = null;
let msal = null;
let account = null;
let current = null;

/** Decodes a JWT's claims (no check: the API checks it). */
export function claimsOf(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent([...atob(part)].map(c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
  return JSON.parse(json);
}

function userOf(token) {
  const c = claimsOf(token);
  return { id: c.oid ?? c.sub, name: c.name ?? c.preferred_username ?? c.oid, roles: [].concat(c.roles ?? []), expiresAt: c.exp * 1000 };
}

/** Reads settings and any sign-in already made (a stored local token, or MSAL's account after its redirect). */
export async function start(consoleSettings) {
  settings = consoleSettings;
  if (settings.signIn === 'local') {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (saved?.token && userOf(saved.token).expiresAt > Date.now() + 60_000) current = { token: saved.token, user: userOf(saved.token) };
  } else if (settings.signIn === 'entra') {
    await loadMsal();
    const result = await msal.handleRedirectPromise();
    account = result?.account ?? msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;
    if (account) {
      msal.setActiveAccount(account);
      const token = await entraToken();
      if (token) current = { token, user: userOf(token) };
    }
  }
  return current;
}

export const mode = () => settings?.signIn ?? 'none';
export const user = () => current?.user ?? null;
export const hasRole = role => current?.user.roles.includes(role) ?? false;

/** Signs in locally as anyone, with the roles chosen in the picker. */
export async function signInLocal(userId, name, roles) {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, name, roles, hours: 8 }),
  });
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(body.detail ?? body.title), { problem: body });
  sessionStorage.setItem(KEY, JSON.stringify({ token: body.accessToken }));
  current = { token: body.accessToken, user: userOf(body.accessToken) };
  return current.user;
}

/** Entra ID: off to the sign-in page; MSAL brings the browser back to the console. */
export async function signInEntra() {
  await msal.loginRedirect({ scopes: settings.entra.scopes, redirectStartPage: location.href });
}

/** Forgets the sign-in here (the token expired or was refused): the picker or Entra sign-in shows again. */
export function forget() {
  sessionStorage.removeItem(KEY);
  current = null;
}

export async function signOut() {
  sessionStorage.removeItem(KEY);
  current = null;
  if (msal && account) await msal.logoutRedirect({ account, postLogoutRedirectUri: location.origin + '/api/console/' });
}

/** The token for the next API call: renewed silently by MSAL in Azure, the stored one locally. */
export async function token() {
  if (settings?.signIn === 'entra' && account) {
    const fresh = await entraToken();
    if (fresh) current = { token: fresh, user: userOf(fresh) };
  }
  if (current && current.user.expiresAt <= Date.now()) current = null;
  return current?.token ?? null;
}

async function entraToken() {
  const request = { scopes: settings.entra.scopes, account };
  try {
    return (await msal.acquireTokenSilent(request)).accessToken;
  } catch (error) {
    if (error instanceof window.msal.InteractionRequiredAuthError) {
      await msal.acquireTokenRedirect(request);
    }
    return null;
  }
}

// MSAL's browser bundle is served by the app itself (from the npm package, see AfterSales.csproj),
// and loaded only where Entra sign-in is on: the local console never downloads it.
async function loadMsal() {
  if (!window.msal) {
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = 'vendor/msal-browser.min.js';
      script.onload = resolve;
      script.onerror = () => reject(new Error('MSAL could not be loaded.'));
      document.head.append(script);
    });
  }
  msal = new window.msal.PublicClientApplication({
    auth: {
      clientId: settings.entra.clientId,
      authority: settings.entra.authority,
      redirectUri: location.origin + '/api/console/',
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
}
