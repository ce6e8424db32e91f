// Handoffs (analyst): the handover-of-work network between teams (or organisations) as a directed graph, handoffs
// and referrals apart, from GET /api/v1/handoffs. Suppressed edges (too few people) are listed, not drawn.
import { download, get } from '../api.js';
import { network } from '../charts.js';
import { dataTable, field, h, loading, number, problemBox, routeParams, table } from '../ui.js';
import { seriesFilters, seriesParams } from './series-filters.js';

const PATH = '/handoffs';
const NAMES = ['service', 'team', 'from', 'to'];

export async function render(container) {
  const params = seriesParams({}, NAMES);
  const route = routeParams();
  const level = route.get('level') === 'organisations' ? 'organisations' : 'teams';
  const kind = route.get('kind') === 'referrals' ? 'referrals' : 'handoffs';
  const results = h('div', { 'aria-live': 'polite' });
  const filters = seriesFilters(PATH, {}, { channel: false, bucket: false, groupBy: false });
  const show = filters.querySelector('button[type="submit"]').parentElement;
  show.before(
    field({ name: 'level', label: 'Network of', value: level, options: [['teams', 'Teams'], ['organisations', 'Organisations']] }),
    field({ name: 'kind', label: 'Moves', value: kind, options: [['handoffs', 'Handoffs'], ['referrals', 'Referrals']] }));
  container.append(
    h('h1', {}, 'Handoffs'),
    h('p', { class: 'lede' }, 'Who hands work to whom: each arrow is work moving from one team (or organisation) to another, '
      + 'its width the number of moves; a loop is work handed on within the same team. Every handoff is a chance for '
      + 'delay, repetition and failure demand.'),
    filters,
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => download('/api/v1/handoffs.csv', params, 'handoffs.csv').catch(e => results.prepend(problemBox(e))) }, 'Download CSV (edge list)')),
    results);
  loading(results, 'Loading the network…');
  const answer = await get('/api/v1/handoffs', params);
  const edges = answer[level][kind];
  const shown = edges.filter(e => !e.suppressed);
  const suppressed = edges.filter(e => e.suppressed);
  results.replaceChildren(
    h('h2', {}, `${kind === 'handoffs' ? 'Handoffs' : 'Referrals'} between ${level}`),
    h('p', {}, `${answer.from.slice(0, 10)} to ${answer.to.slice(0, 10)}: ${shown.length} connections shown`
      + `${suppressed.length ? `, ${suppressed.length} suppressed (fewer people than the smallest cohort)` : ''}.`),
    shown.length ? h('div', { class: 'chart' }, network({
      title: `${kind === 'handoffs' ? 'Handoffs' : 'Referrals'} between ${level}`,
      description: `${shown.length} directed connections; the data table lists each with its count.`,
      edges: shown
    })) : h('p', { class: 'notice' }, 'No connection to show for these filters.'),
    dataTable(`Data table: ${kind} between ${level}`, table(`${kind === 'handoffs' ? 'Handoffs' : 'Referrals'} between ${level}`, [
      { key: 'from', label: 'From' }, { key: 'to', label: 'To' },
      { key: 'count', label: 'Moves', number: true, format: r => r.suppressed ? 'suppressed' : number(r.count) }
    ], edges)));
}

