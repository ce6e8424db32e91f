// Sign-in: OpenID Connect authorization code flow with PKCE (RFC 7636), as a public client. The access token is
// kept in this tab's sessionStorage only, never in a cookie or localStorage, and is sent as a bearer token to the API.
const SESSION = 'casejourney.session';
const PENDING = 'casejourney.sign-in';

function base64url(bytes) {
  let text = '';
  bytes.forEach(b => { text += String.fromCharCode(b); });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(size) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function discovery(issuer) {
  const url = issuer.replace(/\/+$/, '') + '/.well-known/openid-configuration';
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new Error(`The identity provider at ${issuer} cannot be reached (${e.message}).`);
  }
  if (!response.ok) {
    throw new Error(`The identity provider at ${issuer} did not describe itself (${url} answered ${response.status}).`);
  }
  return response.json();
}

function redirectUri() {
  return `${location.origin}/app/`;
}

/** The claims of a JWT, read without checking it: the API checks every token; the page only decides what to offer. */
export function claimsOf(token) {
  const part = token.split('.')[1] || '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  return JSON.parse(decodeURIComponent(Array.from(json, c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join('')));
}

/** The roles in the configured claim; a dotted name is a path into nested claims, as the apps read it. */
function rolesOf(claims, claim) {
  const value = claim in claims ? claims[claim] : claim.split('.').reduce((node, key) => (node && typeof node === 'object' ? node[key] : undefined), claims);
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : [];
  return list.map(r => String(r).trim().toLowerCase()).filter(Boolean);
}

/** The signed-in session ({token, subject, roles, expiresAt}) or null when nobody is signed in or the token expired. */
export function session() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
    return kept && kept.expiresAt > Date.now() + 10000 ? kept : null;
  } catch (e) {
    return null;
  }
}

export function signOut() {
  sessionStorage.removeItem(SESSION);
}

/** Sends the browser to the identity provider; loginHint names the role to sign in as at the standalone one. */
export async function signIn(config, loginHint) {
  const provider = await discovery(config.oidc.issuer);
  const verifier = randomText(48);
  const state = randomText(16);
  const nonce = randomText(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo: location.hash || '#/' }));
  const url = new URL(provider.authorization_endpoint);
  const params = {
    response_type: 'code', client_id: config.oidc.clientId, redirect_uri: redirectUri(), scope: config.oidc.scopes.join(' '),
    state, nonce, code_challenge: await challengeOf(verifier), code_challenge_method: 'S256'
  };
  if (loginHint) {
    params.login_hint = loginHint;
  }
  Object.entries(params).forEach(([name, value]) => url.searchParams.set(name, value));
  location.assign(url.toString());
}

/** When the provider sent the browser back with a code, exchanges it for a token; returns true when it signed someone in. */
export async function completeSignIn(config) {
  const answer = new URLSearchParams(location.search);
  if (!answer.has('code') && !answer.has('error')) {
    return false;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', '/app/' + (pending && pending.returnTo ? pending.returnTo : '#/'));
  if (answer.has('error')) {
    throw new Error(`The identity provider refused the sign-in: ${answer.get('error_description') || answer.get('error')}.`);
  }
  if (!pending || pending.state !== answer.get('state')) {
    throw new Error('The sign-in answer does not belong to a sign-in started in this tab; sign in again.');
  }
  const provider = await discovery(config.oidc.issuer);
  const response = await fetch(provider.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: answer.get('code'), redirect_uri: redirectUri(),
      client_id: config.oidc.clientId, code_verifier: pending.verifier
    })
  });
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.access_token) {
    throw new Error(`The identity provider did not issue a token: ${tokens.error_description || tokens.error || response.status}.`);
  }
  const claims = claimsOf(tokens.access_token);
  const expiresAt = Math.min(claims.exp ? claims.exp * 1000 : Infinity, Date.now() + (tokens.expires_in || 3600) * 1000);
  sessionStorage.setItem(SESSION, JSON.stringify({
    token: tokens.access_token, subject: claims.sub || 'signed in', roles: rolesOf(claims, config.rolesClaim), expiresAt
  }));
  return true;
}
