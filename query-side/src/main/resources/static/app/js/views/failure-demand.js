// Failure demand (analyst): per group, the failure-demand rate per bucket as an XmR chart with its natural process
// limits and signals, and the failure contacts split by category. Every figure is the API's (GET /api/v1/failure-demand).
import { barChart, signalIndex, xmrChart } from '../charts.js';
import { cards, dataTable, h, number, percent, table } from '../ui.js';
import { seriesView } from './series-filters.js';

export async function render(container) {
  await seriesView(container, {
    path: '/failure-demand', defaults: { bucket: 'week', groupBy: 'service' }, title: 'Failure demand', api: '/api/v1/failure-demand',
    lede: params => 'Demand caused by a failure to do something or to do something right for the person: its share of all '
      + 'contacts per ' + params.bucket + ', with the mean and natural process limits (mean ± 2.66 × the mean moving range). A point '
      + 'outside the limits, or a run of 8 on one side of the mean, is a signal that the system changed; anything else is noise.',
    downloads: [['Download CSV', '/api/v1/failure-demand.csv', 'failure-demand.csv']],
    loadingText: 'Loading failure demand…', emptyText: 'No contacts match these filters in this period.',
    seriesLabel: 'Rate per bucket', section: groupSection
  });
}

function groupSection(group, answer) {
  const name = group.group ?? (answer.groupBy === 'none' ? 'All contacts' : `No ${answer.groupBy}`);
  const points = group.series.map(p => ({ label: p.start, value: p.rate, suppressed: p.suppressed }));
  const xmr = group.xmr;
  const signals = xmr.signals || [];
  const totals = group.series.reduce((sum, p) => ({
    contacts: sum.contacts + (p.contacts || 0), failure: sum.failure + (p.failureContacts || 0)
  }), { contacts: 0, failure: 0 });
  const byCategory = {};
  group.series.forEach(p => Object.entries(p.byCategory || {}).forEach(([category, count]) => {
    byCategory[category] = (byCategory[category] || 0) + count;
  }));
  const categories = Object.entries(byCategory).sort((a, b) => b[1] - a[1]).map(([label, value]) => ({ label: label.toLowerCase().replace(/_/g, ' '), value }));
  const section = h('section', { class: 'group', 'data-group': group.group ?? '', 'aria-label': name });
  section.append(
    h('h2', {}, name),
    cards([
      ['contacts shown', number(totals.contacts)],
      ['failure contacts', number(totals.failure)],
      ['mean rate', percent(xmr.mean)],
      ['natural process limits', xmr.mean === null ? '—' : `${percent(xmr.lowerLimit)} to ${percent(xmr.upperLimit)}`],
      ['signals', String(signals.length)]
    ]),
    h('div', { class: 'chart' }, xmrChart({
      title: `Failure-demand rate per ${answer.bucket}: ${name}`,
      description: xmr.mean === null ? 'No rate in this period.'
        : `Mean ${percent(xmr.mean)}, upper limit ${percent(xmr.upperLimit)}, lower limit ${percent(xmr.lowerLimit)}; ${signals.length} signal(s). The data table below lists every point.`,
      points, xmr, format: v => percent(v), signalsAt: signalIndex(points, signals)
    })),
    signals.length ? h('ul', { class: 'signals' }, signals.map(sg => h('li', {},
      `${sg.type.toLowerCase().replace(/_/g, ' ')}: ${sg.from}${sg.to !== sg.from ? ` to ${sg.to}` : ''}${sg.length > 1 ? ` (${sg.length} points)` : ''}`)))
      : h('p', { class: 'muted' }, 'No signals: the variation in this period is within the limits (common cause).'),
    dataTable(`Data table: failure demand per ${answer.bucket}, ${name}`, table(`Failure demand per ${answer.bucket}: ${name}`, [
      { key: 'start', label: 'Bucket start' },
      { key: 'contacts', label: 'Contacts', number: true, format: r => r.suppressed ? 'suppressed' : number(r.contacts) },
      { key: 'failureContacts', label: 'Failure contacts', number: true, format: r => r.suppressed ? 'suppressed' : number(r.failureContacts) },
      { key: 'rate', label: 'Rate', number: true, format: r => r.suppressed ? 'suppressed' : percent(r.rate) }
    ], group.series)),
    h('h3', {}, 'Failure demand by category'),
    categories.length ? h('div', { class: 'chart' }, barChart({
      title: `Failure contacts by category: ${name}`,
      description: categories.map(c => `${c.label} ${c.value}`).join(', '),
      items: categories, format: v => number(v), colour: '#b3261e'
    })) : h('p', { class: 'muted' }, 'No failure contacts shown in this period.'),
    categories.length ? dataTable(`Data table: failure contacts by category, ${name}`, table(`Failure contacts by category: ${name}`, [
      { key: 'label', label: 'Category' }, { key: 'value', label: 'Failure contacts', number: true, format: r => number(r.value) }
    ], categories)) : null);
  return section;
}
