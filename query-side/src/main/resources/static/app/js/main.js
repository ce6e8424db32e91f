// The web application's shell: reads its configuration, completes a sign-in, and shows the view the URL names
// among those the signed-in person's roles allow. Views live in views/, one module each.
import { completeSignIn, session, signIn, signOut } from './auth.js';
import { configure } from './api.js';
import { h, problemBox } from './ui.js';
import * as failureDemand from './views/failure-demand.js';
import * as endToEnd from './views/end-to-end.js';
import * as cohorts from './views/cohorts.js';
import * as journey from './views/journey.js';
import * as handoffs from './views/handoffs.js';
import * as operations from './views/operations.js';

const VIEWS = [
  { path: '/failure-demand', title: 'Failure demand', roles: ['analyst'], module: failureDemand },
  { path: '/end-to-end', title: 'End to end', roles: ['analyst'], module: endToEnd },
  { path: '/cohorts', title: 'Cohorts', roles: ['analyst'], module: cohorts },
  { path: '/journey', title: 'A journey', roles: ['analyst', 'auditor'], module: journey },
  { path: '/handoffs', title: 'Handoffs', roles: ['analyst'], module: handoffs },
  { path: '/operations', title: 'Operations', roles: ['admin'], module: operations }
];

let config;
const main = document.getElementById('main');

function allowed(current) {
  return VIEWS.filter(view => current && view.roles.some(role => current.roles.includes(role)));
}

function routePath() {
  const hash = (location.hash || '#/').slice(1);
  const at = hash.indexOf('?');
  return at < 0 ? hash : hash.slice(0, at);
}

function renderNav(current, path) {
  const nav = document.getElementById('nav');
  const views = allowed(current);
  nav.replaceChildren(views.length ? h('ul', {}, views.map(view => h('li', {},
    h('a', { href: `#${view.path}`, 'aria-current': view.path === path ? 'page' : null }, view.title)))) : '');
  const who = document.getElementById('who');
  who.replaceChildren(...(current ? [
    h('span', {}, `${current.subject} (${current.roles.join(', ') || 'no role'})`),
    h('button', { type: 'button', onclick: () => { signOut(); location.hash = '#/'; render(); } }, 'Sign out')
  ] : []));
}

function signInPage(error) {
  const content = [h('h1', {}, 'Sign in')];
  if (error) {
    content.push(problemBox(error));
  }
  if (!config.oidc) {
    content.push(h('p', { class: 'notice' }, 'No identity provider is configured, so this page cannot sign anyone in. '
      + 'Set casejourney.web.oidc-issuer (docs/web.md); the API itself takes bearer tokens as before.'));
    return content;
  }
  content.push(h('p', { class: 'lede' }, 'casejourney shows people\'s journeys through public services: failure demand, '
    + 'end-to-end times, cohorts, handoffs between teams, and one person\'s journey. Each view is shown to the roles that may see it.'));
  const start = role => signIn(config, role).catch(e => main.replaceChildren(...signInPage(e)));
  if (config.localSignIn) {
    content.push(h('p', {}, 'This is the standalone system: its own identity provider signs you in with the role you choose.'));
    content.push(h('div', { class: 'sign-in' },
      ['analyst', 'auditor', 'admin'].map(role => h('button', { type: 'button', 'data-role': role, onclick: () => start(role) }, `Sign in as ${role}`))));
  } else {
    content.push(h('div', { class: 'sign-in' }, h('button', { type: 'button', onclick: () => start(null) }, 'Sign in')));
  }
  return content;
}

async function render() {
  const current = session();
  const path = routePath();
  renderNav(current, path);
  if (!current) {
    document.title = 'Sign in: casejourney';
    main.replaceChildren(...signInPage());
    return;
  }
  const views = allowed(current);
  const view = views.find(v => v.path === path);
  if (!view) {
    if (VIEWS.some(v => v.path === path)) {
      document.title = 'Not allowed: casejourney';
      main.replaceChildren(h('h1', {}, 'Not allowed'), h('p', {}, `Your roles (${current.roles.join(', ') || 'none'}) do not include this view.`));
    } else if (views.length) {
      location.replace(`#${views[0].path}`);
    } else {
      main.replaceChildren(h('h1', {}, 'No views for your roles'),
        h('p', {}, `You are signed in as ${current.subject} with the roles ${current.roles.join(', ') || '(none)'}; `
          + 'the web application shows views to analysts, auditors and administrators.'));
    }
    return;
  }
  document.title = `${view.title}: casejourney`;
  const container = h('div', { class: 'view', 'data-view': view.path.slice(1) });
  main.replaceChildren(container);
  try {
    await view.module.render(container, { config, session: current });
  } catch (e) {
    container.append(problemBox(e));
  }
}

document.getElementById('skip').addEventListener('click', event => {
  event.preventDefault();
  main.focus();
});

async function start() {
  try {
    config = await fetch('/app/config.json', { headers: { Accept: 'application/json' } }).then(r => r.json());
    configure(config);
  } catch (e) {
    main.replaceChildren(problemBox(new Error('The page\'s configuration could not be read; reload to try again.')));
    return;
  }
  try {
    await completeSignIn(config);
  } catch (e) {
    renderNav(null, '/');
    main.replaceChildren(...signInPage(e));
    return;
  }
  window.addEventListener('hashchange', render);
  await render();
}

start();
