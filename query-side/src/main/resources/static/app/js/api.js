// Calls to the API with the signed-in person's bearer token. Every refusal is an RFC 9457 problem: its detail,
// and each field error, is what the page shows.
import { session } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `The API answered ${status}.`);
    this.status = status;
    this.problem = problem;
  }
}

let base = { query: '', command: null };

export function configure(config) {
  base = { query: '', command: config.commandSideUrl };
}

export function commandSideAvailable() {
  return Boolean(base.command);
}

function headers(extra) {
  const current = session();
  if (!current) {
    throw new ApiError(401, { title: 'Not signed in', detail: 'Your sign-in has expired: sign in again.' });
  }
  return Object.assign({ Authorization: `Bearer ${current.token}`, Accept: 'application/json' }, extra || {});
}

async function call(url, options) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (e) {
    throw new ApiError(0, { title: 'Not reachable', detail: `The service could not be reached (${e.message}). Try again shortly.` });
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ title: response.statusText, detail: `The service answered ${response.status}.` }));
    throw new ApiError(response.status, problem);
  }
  return response;
}

/** GET a query-side path, answered as JSON. */
export async function get(path, params) {
  const response = await call(path + query(params), { headers: headers() });
  return response.json();
}

/** POST JSON to a query-side path, answered as JSON. */
export async function post(path, body) {
  const response = await call(path, { method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
  return response.json();
}

/** GET a command-side path (the auditor's view), stating the purpose of the read. */
export async function commandGet(path, params, purpose) {
  const response = await call(base.command.replace(/\/+$/, '') + path + query(params), { headers: headers({ 'X-Purpose': purpose }) });
  return response.json();
}

/** Downloads an export (it needs the token, so it cannot be a plain link): fetched, then saved under the server's name. */
export async function download(path, params, fallbackName, body) {
  const options = body === undefined ? { headers: headers({ Accept: '*/*' }) }
    : { method: 'POST', headers: headers({ 'Content-Type': 'application/json', Accept: '*/*' }), body: JSON.stringify(body) };
  const response = await call(path + query(params), options);
  const disposition = response.headers.get('Content-Disposition') || '';
  const named = /filename="([^"]+)"/.exec(disposition);
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = named ? named[1] : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  return link.download;
}

function query(params) {
  if (!params) {
    return '';
  }
  const search = new URLSearchParams();
  Object.entries(params).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, value);
    }
  });
  const text = search.toString();
  return text ? `?${text}` : '';
}
