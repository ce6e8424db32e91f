// Operations (admin): each projection's state, lag and parked records (GET /api/v1/projections), refreshed every
// 10 seconds while the view is open; the parked records themselves on demand (their listing is access-logged).
import { get } from '../api.js';
import { cards, dataTable, h, loading, number, problemBox, table, dateTime } from '../ui.js';

let timer = null;

export async function render(container) {
  clearInterval(timer);
  const results = h('div', {});
  const status = h('p', { role: 'status', class: 'muted' });
  container.append(
    h('h1', {}, 'Operations'),
    h('p', { class: 'lede' }, 'How far the read model is behind the event topic, and the records it could not apply '
      + '(parked: a person\'s later records wait behind them). docs/operations.md says what to do about each.'),
    status, results);
  loading(results, 'Loading the projections…');
  const refresh = async () => {
    if (!container.isConnected) {
      clearInterval(timer);
      return;
    }
    try {
      const answer = await get('/api/v1/projections');
      results.replaceChildren(...answer.projections.map(projectionSection));
      status.textContent = `Updated ${new Date().toLocaleTimeString('en-GB')}; refreshed every 10 seconds.`;
    } catch (e) {
      results.replaceChildren(problemBox(e));
    }
  };
  await refresh();
  timer = setInterval(refresh, 10000);
}

function projectionSection(projection) {
  const parkedArea = h('div', {});
  const section = h('section', { class: 'projection', 'data-projection': projection.name, 'aria-label': projection.name },
    h('h2', {}, `Projection ${projection.name}`),
    cards([
      ['state', projection.state],
      ['records behind', projection.lag.records === null ? 'unknown (Kafka not answering)' : number(projection.lag.records)],
      ['seconds behind', projection.lag.seconds === null ? '—' : number(projection.lag.seconds, 1)],
      ['parked records', number(projection.parked)],
      ['people awaiting their fold', number(projection.unfolded)],
      ['last rebuild', projection.lastRebuild ? `${dateTime(projection.lastRebuild.finishedAt)} (${number(projection.lastRebuild.eventsPerSecond)} events/s)` : 'never']
    ]),
    projection.rebuild ? h('p', { class: 'notice' }, `Rebuilding: ${projection.rebuild.phase}, ${number(projection.rebuild.percent, 0)}%`) : null,
    projection.lastRebuildFailure ? h('p', { class: 'error' }, `Last rebuild failed at ${dateTime(projection.lastRebuildFailure.failedAt)}: ${projection.lastRebuildFailure.error}`) : null,
    dataTable(`Data table: partitions of ${projection.name}`, table(`Partitions of ${projection.topic}`, [
      { key: 'partition', label: 'Partition', number: true },
      { key: 'position', label: 'Applied up to', number: true, format: r => number(r.position) },
      { key: 'endOffset', label: 'Topic end', number: true, format: r => number(r.endOffset) },
      { key: 'lag', label: 'Behind', number: true, format: r => number(r.lag) },
      { key: 'lastRecordAt', label: 'Last record', format: r => dateTime(r.lastRecordAt) }
    ], projection.partitions)),
    projection.parked > 0 ? h('button', {
      type: 'button', class: 'secondary', onclick: async () => {
        loading(parkedArea, 'Loading parked records…');
        try {
          const page = await get(`/api/v1/projections/${encodeURIComponent(projection.name)}/parked`, { size: 50 });
          parkedArea.replaceChildren(table(`Parked records of ${projection.name} (first 50)`, [
            { key: 'offset', label: 'Record', format: r => `${r.partition}/${r.offset}` },
            { key: 'pseudonym', label: 'Person (pseudonym)' },
            { key: 'reason', label: 'Why parked' },
            { key: 'parkedAt', label: 'Parked at', format: r => dateTime(r.parkedAt) }
          ], page.records || []));
        } catch (e) {
          parkedArea.replaceChildren(problemBox(e));
        }
      }
    }, 'List parked records') : null,
    parkedArea);
  return section;
}
