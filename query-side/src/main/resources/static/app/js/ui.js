// Small DOM helpers: elements, tables, filter forms kept in the URL, problems shown as a client developer would want.

/** An element: h('p', {class: 'x'}, 'text', child). Attributes starting with "on" are listeners. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  });
  append(element, children);
  return element;
}

function append(element, children) {
  children.flat(Infinity).forEach(child => {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
}

/** The route's parameters (after ? in the hash). */
export function routeParams() {
  const hash = location.hash || '#/';
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** Replaces the route's parameters, so the view can be shared by its URL; the hashchange renders it again. */
export function setRouteParams(path, values) {
  const search = new URLSearchParams();
  Object.entries(values).forEach(([name, value]) => {
    if (value !== undefined && value !== null && String(value).trim() !== '') {
      search.set(name, String(value).trim());
    }
  });
  const text = search.toString();
  const next = `#${path}${text ? '?' + text : ''}`;
  if (next === location.hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = next;
  }
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled input or select: {name, label, hint, type, options: [[value, text]], value}. */
export function field(spec) {
  const id = uid(`f-${spec.name}`);
  const hintId = spec.hint ? `${id}-hint` : null;
  let control;
  if (spec.options) {
    control = h('select', { id, name: spec.name, 'aria-describedby': hintId },
      spec.options.map(([value, text]) => h('option', { value, selected: String(spec.value ?? '') === value }, text)));
  } else {
    control = h('input', {
      id, name: spec.name, type: spec.type || 'text', value: spec.value ?? '', 'aria-describedby': hintId,
      autocomplete: 'off', spellcheck: 'false', required: spec.required, pattern: spec.pattern, min: spec.min, max: spec.max,
      placeholder: spec.placeholder, size: spec.size
    });
  }
  return h('div', { class: 'field' }, h('label', { for: id }, spec.label), spec.hint ? h('span', { class: 'hint', id: hintId }, spec.hint) : null, control);
}

/** The values of a form's named controls. */
export function formValues(form) {
  const values = {};
  new FormData(form).forEach((value, name) => { values[name] = String(value).trim(); });
  form.querySelectorAll('input[type="checkbox"]').forEach(box => { values[box.name] = box.checked; });
  return values;
}

/** A problem from the API (or any error), with the fields it names. */
export function problemBox(error) {
  const problem = error && error.problem ? error.problem : null;
  const errors = problem && Array.isArray(problem.errors) ? problem.errors : [];
  return h('div', { class: 'error', role: 'alert' },
    h('p', {}, h('strong', {}, problem && problem.title ? problem.title : 'Something went wrong'), ': ', error.message),
    errors.length ? h('ul', {}, errors.map(e => h('li', {}, `${e.field}: ${e.message}`))) : null);
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
export function number(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '—';
  }
  return digits === undefined ? numberFormat.format(value)
    : new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function percent(value, digits = 1) {
  return value === null || value === undefined ? '—' : `${number(value * 100, digits)}%`;
}

export function day(instant) {
  return instant ? String(instant).slice(0, 10) : '—';
}

export function dateTime(instant) {
  return instant ? String(instant).replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/:\d\dZ$/, 'Z') : '—';
}

/** A table: columns [{key, label, number, format}], rows of objects; caption names it for screen readers. */
export function table(caption, columns, rows, attributes) {
  return h('div', { class: 'table-wrap' }, h('table', attributes || {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.number ? 'number' : null }, c.label)))),
    h('tbody', {}, rows.map(row => h('tr', {}, columns.map((c, i) => {
      const value = c.format ? c.format(row) : row[c.key];
      return i === 0 ? h('th', { scope: 'row', class: c.number ? 'number' : null }, value ?? '—')
        : h('td', { class: c.number ? 'number' : null }, value ?? '—');
    }))))));
}

/** The data behind a chart, folded away under the chart (WCAG: a text alternative holding every value). */
export function dataTable(summary, tableElement) {
  return h('details', { class: 'data-table' }, h('summary', {}, summary), tableElement);
}

/** Summary figures as a list of cards. */
export function cards(items) {
  return h('ul', { class: 'cards' }, items.map(([label, figure]) => h('li', {}, h('span', { class: 'figure' }, figure), h('span', { class: 'label' }, label))));
}

export function legend(items) {
  return h('ul', { class: 'legend' }, items.map(([kind, text]) => h('li', {}, h('span', { class: `swatch ${kind}`, 'aria-hidden': 'true' }), text)));
}

export function loading(container, text) {
  container.replaceChildren(h('p', { role: 'status', class: 'loading' }, text || 'Loading…'));
}
