// End to end (analyst): per group, the capability chart of the end-to-end days of the episodes closed in each bucket
// (an XmR chart of the bucket means), the distribution of those days, and the episodes still open (censored).
import { histogram, signalIndex, xmrChart } from '../charts.js';
import { cards, dataTable, h, number, table } from '../ui.js';
import { seriesView } from './series-filters.js';

const days = v => `${number(v, 1)} d`;

export async function render(container) {
  await seriesView(container, {
    path: '/end-to-end', defaults: { bucket: 'month', groupBy: 'none' }, title: 'End to end', api: '/api/v1/end-to-end',
    lede: params => 'Days from an episode\'s first contact to its closure, for the episodes closed in each '
      + params.bucket + ': the capability chart shows what the system predictably delivers (its limits), the distribution '
      + 'how the days spread. Episodes still open are counted apart: their time is only known to be at least as long as it has run.',
    downloads: [['Download CSV', '/api/v1/end-to-end.csv', 'end-to-end.csv'],
      ['Download distribution CSV', '/api/v1/end-to-end-distribution.csv', 'end-to-end-distribution.csv']],
    loadingText: 'Loading end-to-end times…', emptyText: 'No episodes match these filters in this period.',
    seriesLabel: 'Mean days per bucket', section: groupSection
  });
}

function groupSection(group, answer) {
  const name = group.group ?? (answer.groupBy === 'none' ? 'All episodes' : `No ${answer.groupBy}`);
  const points = group.series.map(p => ({ label: p.start, value: p.mean, suppressed: p.suppressed }));
  const xmr = group.xmr;
  const closed = group.series.reduce((sum, p) => sum + (p.closedEpisodes || 0), 0);
  const bins = (group.distribution?.bins || []).map(b => ({ from: b.fromDays, to: b.toDays, count: b.suppressed ? null : b.episodes }));
  const open = group.open;
  return h('section', { class: 'group', 'data-group': group.group ?? '', 'aria-label': name },
    h('h2', {}, name),
    cards([
      ['episodes closed (shown)', number(closed)],
      ['mean of bucket means', xmr.mean === null ? '—' : days(xmr.mean)],
      ['natural process limits', xmr.mean === null ? '—' : `${days(xmr.lowerLimit)} to ${days(xmr.upperLimit)}`],
      ['still open', open.suppressed ? 'suppressed' : number(open.episodes)],
      ['open: median so far', open.medianDaysSoFar === null ? '—' : days(open.medianDaysSoFar)]
    ]),
    h('h3', {}, 'Capability chart'),
    h('div', { class: 'chart' }, xmrChart({
      title: `Mean end-to-end days of episodes closed per ${answer.bucket}: ${name}`,
      description: xmr.mean === null ? 'No closed episodes in this period.'
        : `Mean ${days(xmr.mean)}, upper limit ${days(xmr.upperLimit)}, lower limit ${days(xmr.lowerLimit)}; ${(xmr.signals || []).length} signal(s).`,
      points, xmr, format: v => number(v, 0), signalsAt: signalIndex(points, xmr.signals)
    })),
    dataTable(`Data table: end-to-end days per ${answer.bucket}, ${name}`, table(`End-to-end days per ${answer.bucket}: ${name}`, [
      { key: 'start', label: 'Bucket start' },
      { key: 'closedEpisodes', label: 'Episodes closed', number: true, format: r => r.suppressed ? 'suppressed' : number(r.closedEpisodes) },
      { key: 'mean', label: 'Mean days', number: true, format: r => r.suppressed ? 'suppressed' : number(r.mean, 1) },
      { key: 'median', label: 'Median days', number: true, format: r => r.suppressed ? 'suppressed' : number(r.median, 1) },
      { key: 'p85', label: '85th percentile', number: true, format: r => r.suppressed ? 'suppressed' : number(r.p85, 1) }
    ], group.series)),
    h('h3', {}, 'Distribution'),
    bins.length ? h('div', { class: 'chart' }, histogram({
      title: `Episodes by end-to-end days, in bins of ${group.distribution.binDays} days: ${name}`,
      description: `${bins.length} bins from 0 days; the last bin holds every episode of ${bins[bins.length - 1].from} days or more when it is open-ended.`,
      bins, unit: 'days'
    })) : h('p', { class: 'muted' }, 'No closed episodes to show.'),
    bins.length ? dataTable(`Data table: distribution of end-to-end days, ${name}`, table(`Episodes by end-to-end days: ${name}`, [
      { key: 'from', label: 'Days', format: r => r.to === null ? `${r.from} or more` : `${r.from} to under ${r.to}` },
      { key: 'count', label: 'Episodes', number: true, format: r => r.count === null ? 'suppressed' : number(r.count) }
    ], bins)) : null);
}
