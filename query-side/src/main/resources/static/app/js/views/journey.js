// A journey: an analyst reads one by pseudonym (query side); an auditor reads one by personId on the command side,
// stating a purpose, with the as-of slider (the journey as it stood after each recorded event) and the hash chain's
// verification. Both see the swimlane timeline, the journey's measures and the timeline as a table.
import { commandGet, commandSideAvailable, download, get } from '../api.js';
import { cards, dataTable, field, formValues, h, legend, loading, number, percent, problemBox, routeParams, setRouteParams, table, dateTime } from '../ui.js';
import { describe, laneOf, swimlane } from './swimlane.js';

const PATH = '/journey';

export async function render(container, { session }) {
  const params = routeParams();
  const auditor = session.roles.includes('auditor') && (!session.roles.includes('analyst') || params.get('as') === 'auditor');
  const level = params.get('lanes') === 'organisation' ? 'organisation' : 'team';
  const results = h('div', { 'aria-live': 'polite' });
  const fields = auditor
    ? [field({ name: 'person', label: 'Person (personId)', value: params.get('person') ?? '', required: true, size: 24, hint: 'as the front-line systems name them' }),
      field({ name: 'purpose', label: 'Purpose of this read', value: params.get('purpose') ?? '', required: true, size: 30, hint: 'a complaint or request reference: kept in the access log' })]
    : [field({ name: 'pseudonym', label: 'Person (pseudonym)', value: params.get('pseudonym') ?? '', required: true, size: 34, pattern: 'ps-[a-z2-7]{26}', hint: 'ps- and 26 characters, as exports and analytics views show it' })];
  fields.push(field({ name: 'lanes', label: 'A lane per', value: level, options: [['team', 'Team'], ['organisation', 'Organisation']] }));
  if (auditor && session.roles.includes('analyst')) {
    fields.push(h('input', { type: 'hidden', name: 'as', value: 'auditor' }));
  }
  const form = h('form', { class: 'filters', 'aria-label': 'Which journey' }, fields, h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Show journey')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    setRouteParams(PATH, formValues(form));
  });
  const both = session.roles.includes('auditor') && session.roles.includes('analyst');
  container.append(
    h('h1', {}, auditor ? 'A person\'s journey, as recorded' : 'A journey'),
    both ? h('p', {}, h('a', { href: auditor ? `#${PATH}` : `#${PATH}?as=auditor` },
      auditor ? 'Read a journey as an analyst, by pseudonym' : 'Read a journey as an auditor, by personId, stating a purpose')) : null,
    h('p', { class: 'lede' }, auditor
      ? 'Every event recorded about the person, corrections and all, as it stood at any point: move the slider to see the journey as recorded by then. The read is logged with your purpose.'
      : 'One person\'s journey end to end, by pseudonym: a lane per team, each event a mark, referrals and handoffs as arrows between lanes, episodes shaded.'),
    form, results);
  if (auditor && !commandSideAvailable()) {
    results.append(h('p', { class: 'notice' }, 'The command side\'s URL is not configured (casejourney.web.command-side-url), so the auditor\'s journey cannot be read from this page.'));
    return;
  }
  if (auditor ? !(params.get('person') && params.get('purpose')) : !params.get('pseudonym')) {
    results.append(h('p', { class: 'notice' }, auditor ? 'Give the personId and the purpose of the read.' : 'Give a pseudonym to show that person\'s journey, or find people below.'));
    if (!auditor) {
      results.append(await findPeople(params));
    }
    return;
  }
  loading(results, 'Loading the journey…');
  try {
    if (auditor) {
      await renderAuditor(results, params.get('person'), params.get('purpose'), level);
    } else {
      const pseudonym = encodeURIComponent(params.get('pseudonym'));
      const journey = await get(`/api/v1/journeys/${pseudonym}`);
      results.replaceChildren(h('div', { class: 'actions' }, h('button', {
        type: 'button', class: 'secondary',
        onclick: () => download(`/api/v1/journeys/${pseudonym}.csv`, null, 'journey.csv').catch(e => results.prepend(problemBox(e)))
      }, 'Download timeline CSV')), ...journeyParts(journey, level, false));
    }
  } catch (e) {
    results.replaceChildren(problemBox(e));
  }
}

const FIND = [['team', 'Team'], ['service', 'Service'], ['tag', 'Tag']];

/** Analysts find pseudonyms by a cohort filter (GET /api/v1/cohorts/people) and open a journey from the list. */
async function findPeople(params) {
  const section = h('section', { class: 'find-people', 'aria-label': 'Find people' }, h('h2', {}, 'Find people'));
  const form = h('form', { class: 'filters', 'aria-label': 'Find people' },
    FIND.map(([name, label]) => field({ name: `find.${name}`, label, value: params.get(`find.${name}`) ?? '', size: 18, hint: 'at least one event with it' })),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Find')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    setRouteParams(PATH, formValues(form));
  });
  section.append(form);
  const filter = {};
  FIND.forEach(([name]) => { if (params.get(`find.${name}`)) filter[name] = params.get(`find.${name}`); });
  if (!Object.keys(filter).length) {
    return section;
  }
  try {
    const answer = await get('/api/v1/cohorts/people', Object.assign({ limit: 50 }, filter));
    section.append(h('p', {}, `${number(answer.people)} people match; the ${answer.shown.length} with the latest first contact:`),
      h('div', { class: 'actions' }, h('button', {
        type: 'button', class: 'secondary',
        onclick: () => download('/api/v1/cohorts/people.csv', Object.assign({ limit: 50 }, filter), 'cohort-people.csv').catch(e => section.append(problemBox(e)))
      }, 'Download CSV')),
      table('People matching the filter', [
        { key: 'pseudonym', label: 'Person (pseudonym)', format: r => h('a', { href: `#${PATH}?pseudonym=${r.pseudonym}` }, r.pseudonym) },
        { key: 'firstContact', label: 'First contact', format: r => dateTime(r.firstContact) },
        { key: 'episodes', label: 'Episodes', number: true },
        { key: 'referrals', label: 'Referrals', number: true },
        { key: 'assessments', label: 'Assessments', number: true }
      ], answer.shown, { class: 'people' }));
  } catch (e) {
    section.append(problemBox(e));
  }
  return section;
}

async function renderAuditor(results, person, purpose, level) {
  const path = `/api/v1/persons/${encodeURIComponent(person)}`;
  const [journey, verification] = await Promise.all([commandGet(`${path}/journey`, null, purpose), commandGet(`${path}/verify`, null, purpose)]);
  const recorded = [...new Set((journey.timeline || []).map(e => e.recordedAt))].sort();
  const shown = h('div', {});
  const chain = verification.status === 'intact'
    ? h('p', { class: 'ok verification', 'data-status': 'intact' }, `Hash chain intact: ${verification.events} events; head hash ${verification.headHash}.`)
    : h('p', { class: 'error verification', 'data-status': 'broken' }, `Hash chain broken at sequence ${verification.firstBrokenSequence}: ${verification.reason}.`);
  const sliderId = 'as-of-slider';
  const output = h('output', { for: sliderId, id: 'as-of-value' }, `all ${recorded.length} recording instants (now)`);
  const slider = h('input', { type: 'range', id: sliderId, min: 1, max: Math.max(recorded.length, 1), step: 1, value: recorded.length, 'aria-describedby': 'as-of-value' });
  slider.addEventListener('change', async () => {
    const k = Number(slider.value);
    const asOf = recorded[k - 1];
    output.textContent = k === recorded.length ? `all ${recorded.length} recording instants (now)` : `as recorded by ${dateTime(asOf)} (${k} of ${recorded.length})`;
    loading(shown, 'Loading the journey as it stood then…');
    try {
      const then = k === recorded.length ? journey : await commandGet(`${path}/journey`, { asOf }, purpose);
      shown.replaceChildren(...journeyParts(then, level, true));
    } catch (e) {
      shown.replaceChildren(problemBox(e));
    }
  });
  shown.replaceChildren(...journeyParts(journey, level, true));
  results.replaceChildren(chain,
    h('div', { class: 'field as-of' }, h('label', { for: sliderId }, 'As recorded by'), slider, output),
    shown);
}

function journeyParts(journey, level, auditor) {
  const returns = journey.returns || {};
  const rows = (journey.timeline || []).map(entry => ({
    sequence: entry.sequence, occurredAt: (entry.effective || entry.event || {}).occurredAt || entry.occurredAt, type: entry.type,
    lane: laneOf(entry, level), status: entry.status, episode: entry.episode, detail: describe(entry),
    recordedAt: entry.recordedAt, recordedBy: entry.recordedBy,
    whatMatters: (entry.event || {}).whatMatters || (entry.event || {}).reason || ''
  }));
  const columns = [
    { key: 'sequence', label: '#', number: true },
    { key: 'occurredAt', label: 'Occurred', format: r => dateTime(r.occurredAt) },
    { key: 'type', label: 'Event' },
    { key: 'lane', label: level === 'team' ? 'Team' : 'Organisation' },
    { key: 'status', label: 'Status', format: r => r.status.toLowerCase().replace(/_/g, ' ') },
    { key: 'episode', label: 'Episode', number: true },
    { key: 'detail', label: 'Detail' },
    { key: 'recordedAt', label: 'Recorded', format: r => `${dateTime(r.recordedAt)} by ${r.recordedBy}` }
  ];
  if (auditor) {
    columns.push({ key: 'whatMatters', label: 'What matters / reason' });
  }
  return [
    h('div', { class: 'two-columns' },
      h('div', {},
        h('h2', {}, `Journey of ${journey.personId}`),
        legend([['value', 'Value contact (circle)'], ['failure', 'Failure contact (triangle)'], ['accent', 'Assessment (square), support (diamond), closure (bar)'],
          ['accent', 'Referral (dashed arrow), handoff (solid arrow), referral resolved (dash)'],
          ['episode', 'Episode'], ['limit', 'Correction (cross; ring: corrected event)']]),
        h('div', { class: 'chart' }, swimlane(journey, level))),
      h('div', { class: 'measures' },
        h('h2', {}, 'Measures'),
        cards([
          ['contacts', number(journey.contacts.total)],
          ['failure demand', `${number(journey.contacts.failure)} (${journey.contacts.total ? percent(journey.contacts.failure / journey.contacts.total, 0) : '—'})`],
          ['referrals made', number(journey.referrals.made)],
          ['assessments', number(journey.assessments)],
          ['handoffs', number(journey.handoffs)],
          ['people involved', number(journey.involved.people)],
          ['teams involved', number(journey.involved.teams)],
          ['hours', number(journey.totalHours, 1)],
          ['face-to-face share', percent(journey.faceToFaceShare, 0)],
          ['end-to-end days', journey.endToEndDays === undefined ? '—' : number(journey.endToEndDays, 1)],
          ['episodes', `${(journey.episodes || []).length}${journey.open ? ' (one open)' : ''}`],
          ['returns', `${number(returns.returned ?? 0)} of ${number((returns.returned ?? 0) + (returns.notReturned ?? 0))} elapsed${returns.pending ? `, ${returns.pending} pending` : ''}`]
        ]),
        h('p', { class: 'muted' }, `As of ${dateTime(journey.asOf)}; ${journey.eventsRecorded} events recorded.`))),
    dataTable(`Timeline table: all ${rows.length} events`, table(`Timeline of ${journey.personId}`, columns, rows, { class: 'timeline' }))
  ];
}
