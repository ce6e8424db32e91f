// Cohorts (analyst): two cohorts side by side in the shape of the trial table (docs/domain.md), with percent change,
// from POST /api/v1/cohorts/compare; the form is kept in the URL so a comparison can be shared.
import { download, post } from '../api.js';
import { field, formValues, h, loading, number, percent, problemBox, routeParams, setRouteParams, table } from '../ui.js';

const PATH = '/cohorts';
const FILTER_FIELDS = [
  ['team', 'Team', 'at least one event recorded by this team'],
  ['service', 'Service', 'at least one event recorded by this service'],
  ['tag', 'Tag', 'at least one event with this tag'],
  ['firstContactFrom', 'First contact from', 'a date (UTC), inclusive'],
  ['firstContactTo', 'First contact to', 'a date, inclusive'],
  ['scopeTeam', 'Count only this team\'s part', 'scope: events and episodes of this team']
];
const MEASURES = [
  ['people', 'People', v => number(v)],
  ['assessments', 'Assessments per person', v => number(v, 2)],
  ['peopleInvolved', 'People involved per person', v => number(v, 2)],
  ['referrals', 'Referrals per person', v => number(v, 2)],
  ['totalHours', 'Hours per person', v => number(v, 2)],
  ['faceToFaceShare', 'Face-to-face share', v => percent(v)],
  ['returnRate', 'Returning demand (return rate)', v => percent(v)],
  ['closedEpisodes', 'Closed episodes', v => number(v)],
  ['returnedEpisodes', 'returned', v => number(v)],
  ['notReturnedEpisodes', 'not returned (window elapsed)', v => number(v)],
  ['pendingEpisodes', 'pending (window still open)', v => number(v)]
];

function filterOf(values, prefix) {
  const filter = {};
  ['team', 'service', 'tag', 'firstContactFrom', 'firstContactTo'].forEach(name => {
    if (values[`${prefix}.${name}`]) {
      filter[name] = values[`${prefix}.${name}`];
    }
  });
  if (values[`${prefix}.scopeTeam`]) {
    filter.scope = { team: values[`${prefix}.scopeTeam`] };
  }
  return filter;
}

function cohortFieldset(prefix, title, params) {
  return h('fieldset', { class: 'cohort' }, h('legend', {}, title),
    FILTER_FIELDS.map(([name, label, hint]) => field({
      name: `${prefix}.${name}`, label, hint, value: params.get(`${prefix}.${name}`) ?? '',
      type: name.startsWith('firstContact') ? 'date' : 'text', size: 16
    })));
}

export async function render(container) {
  const params = routeParams();
  const results = h('div', { 'aria-live': 'polite' });
  const windowField = field({ name: 'returnWindowDays', label: 'Return window (days)', type: 'number', min: 1, max: 3650, value: params.get('returnWindowDays') ?? '', hint: 'default 90' });
  const overlap = h('div', { class: 'field' }, h('label', {},
    h('input', { type: 'checkbox', name: 'excludeOverlap', checked: params.get('excludeOverlap') === 'true' }), ' Leave out people in both cohorts'));
  const form = h('form', { class: 'cohorts-form', 'aria-label': 'Two cohorts to compare' },
    cohortFieldset('a', 'Cohort A (for example business as usual)', params),
    cohortFieldset('b', 'Cohort B (for example the redesigned team)', params),
    h('fieldset', {}, h('legend', {}, 'Both'), windowField, overlap, h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Compare'))));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const values = formValues(form);
    values.excludeOverlap = values.excludeOverlap ? 'true' : '';
    setRouteParams(PATH, values);
  });
  container.append(
    h('h1', {}, 'Cohorts'),
    h('p', { class: 'lede' }, 'Compare two groups of people: their assessments, people involved, referrals, hours, face-to-face '
      + 'share and returning demand, per person, with the percent change from A to B. A cohort of fewer people than the '
      + 'smallest cohort shown is refused.'),
    form, results);
  const values = Object.fromEntries(params.entries());
  const a = filterOf(values, 'a');
  const b = filterOf(values, 'b');
  if (!Object.keys(a).length && !Object.keys(b).length) {
    results.append(h('p', { class: 'notice' }, 'Choose the two cohorts above (a team, a service, a tag or a period of first contact each), then Compare.'));
    return;
  }
  const body = { a, b, excludeOverlap: values.excludeOverlap === 'true' };
  if (values.returnWindowDays) {
    body.returnWindowDays = Number(values.returnWindowDays);
  }
  loading(results, 'Comparing the cohorts…');
  let answer;
  try {
    answer = await post('/api/v1/cohorts/compare', body);
  } catch (e) {
    results.replaceChildren(problemBox(e));
    return;
  }
  const rows = MEASURES.map(([key, label, format]) => ({
    key, label, a: format(answer.a[key]), b: format(answer.b[key]), change: answer.change?.[key]
  }));
  const ocel = (filter, name) => download('/api/v1/cohorts/ocel', flat(filter), `${name}.ocel.json`).catch(e => results.prepend(problemBox(e)));
  const xes = (filter, name) => download('/api/v1/cohorts/xes', flat(filter), `${name}.xes`).catch(e => results.prepend(problemBox(e)));
  results.replaceChildren(
    h('h2', {}, 'Comparison'),
    h('p', {}, `As of ${answer.asOf.slice(0, 16).replace('T', ' ')} UTC, return window ${answer.returnWindowDays} days. `
      + `${answer.overlap.people} people are in both cohorts${answer.overlap.excluded ? ' and were left out of both' : ' and count in both'}.`),
    table('Cohort A and cohort B side by side', [
      { key: 'label', label: 'Measure' },
      { key: 'a', label: 'Cohort A', number: true },
      { key: 'b', label: 'Cohort B', number: true },
      { key: 'change', label: 'Change A to B', number: true, format: r => r.change === null || r.change === undefined ? '—' : `${r.change > 0 ? '+' : ''}${number(r.change, 1)}%` }
    ], rows, { class: 'comparison' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', onclick: () => download('/api/v1/cohorts/compare.csv', null, 'cohorts.csv', body).catch(e => results.prepend(problemBox(e))) }, 'Download CSV'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ocel(a, 'cohort-a') }, 'Cohort A as OCEL 2.0'),
      h('button', { type: 'button', class: 'secondary', onclick: () => ocel(b, 'cohort-b') }, 'Cohort B as OCEL 2.0'),
      h('button', { type: 'button', class: 'secondary', onclick: () => xes(a, 'cohort-a') }, 'Cohort A as XES'),
      h('button', { type: 'button', class: 'secondary', onclick: () => xes(b, 'cohort-b') }, 'Cohort B as XES')));
}

/** A filter as the export's query parameters (the exports take the filter without a scope). */
function flat(filter) {
  const params = {};
  ['team', 'service', 'tag', 'firstContactFrom', 'firstContactTo'].forEach(name => {
    if (filter[name]) {
      params[name] = filter[name];
    }
  });
  return params;
}
