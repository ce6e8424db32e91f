// The filters the analysts' series share (docs/api.md, "Series parameters"), as a form kept in the URL.
import { download, get } from '../api.js';
import { field, formValues, h, legend, loading, problemBox, routeParams, setRouteParams } from '../ui.js';

const CHANNELS = ['PHONE', 'FACE_TO_FACE', 'HOME_VISIT', 'ONLINE', 'EMAIL', 'LETTER'];

/** The form; on submit the URL changes and the view renders again with the new parameters. */
export function seriesFilters(path, defaults, { channel = true, bucket = true, groupBy = true } = {}) {
  const params = routeParams();
  const value = name => params.get(name) ?? defaults[name] ?? '';
  const fields = [
    field({ name: 'service', label: 'Service', value: value('service'), hint: 'all when empty', size: 18 }),
    field({ name: 'team', label: 'Team', value: value('team'), hint: 'all when empty', size: 18 }),
    channel ? field({ name: 'channel', label: 'Channel', value: value('channel'), options: [['', 'All channels'], ...CHANNELS.map(c => [c, c.toLowerCase().replace(/_/g, ' ')])] }) : null,
    field({ name: 'from', label: 'From', type: 'date', value: value('from'), hint: 'default: 52 weeks back' }),
    field({ name: 'to', label: 'To (inclusive)', type: 'date', value: value('to'), hint: 'default: today' }),
    bucket ? field({ name: 'bucket', label: 'Bucket', value: value('bucket'), options: [['week', 'Week'], ['month', 'Month'], ['day', 'Day']] }) : null,
    groupBy ? field({ name: 'groupBy', label: 'Group by', value: value('groupBy'), options: [['service', 'Service'], ['team', 'Team'], ['channel', 'Channel'], ['none', 'None (one series)']] }) : null
  ];
  const form = h('form', { class: 'filters', 'aria-label': 'Filters' }, fields, h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Show')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    setRouteParams(path, formValues(form));
  });
  return form;
}

/** The API's parameters from the URL, with the view's defaults. */
export function seriesParams(defaults, names) {
  const params = routeParams();
  const values = {};
  names.forEach(name => {
    const v = params.get(name) ?? defaults[name];
    if (v !== undefined && v !== null && v !== '') {
      values[name] = v;
    }
  });
  return values;
}

const SERIES_NAMES = ['service', 'team', 'channel', 'from', 'to', 'bucket', 'groupBy'];

/**
 * A series view: heading, lede, filters, download buttons, then one section per group of the API's answer under an
 * XmR legend. spec: {path, defaults, title, lede(params), api, downloads: [[label, path, file]], loadingText, emptyText,
 * seriesLabel, section(group, answer)}.
 */
export async function seriesView(container, spec) {
  const params = seriesParams(spec.defaults, SERIES_NAMES);
  const results = h('div', { 'aria-live': 'polite' });
  container.append(
    h('h1', {}, spec.title),
    h('p', { class: 'lede' }, spec.lede(params)),
    seriesFilters(spec.path, spec.defaults),
    h('div', { class: 'actions' }, spec.downloads.map(([label, path, file]) => h('button', {
      type: 'button', class: 'secondary', onclick: () => download(path, params, file).catch(e => results.prepend(problemBox(e)))
    }, label))),
    results);
  loading(results, spec.loadingText);
  const answer = await get(spec.api, params);
  results.replaceChildren();
  if (!answer.groups.length) {
    results.append(h('p', { class: 'notice' }, spec.emptyText));
    return;
  }
  results.append(legend([['accent', spec.seriesLabel], ['mean', 'Mean'], ['limit', 'Natural process limits (dashed)'], ['signal', 'Signal (diamond)']]));
  answer.groups.forEach(group => results.append(spec.section(group, answer)));
}
