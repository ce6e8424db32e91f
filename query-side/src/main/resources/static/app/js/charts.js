// Charts drawn as SVG: every mark is an element carrying its value (data-value), so a screen reader, a test or a
// curious analyst can read what was drawn. Each chart has a title and a description, and every view puts the
// chart's data table beside it. No chart library: these four shapes are small, and SVG keeps them accessible.
import { uid } from './ui.js';

const NS = 'http://www.w3.org/2000/svg';

export function s(tag, attributes, ...children) {
  const element = document.createElementNS(NS, tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, String(value));
    }
  });
  children.flat(Infinity).forEach(child => {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  });
  return element;
}

/** An SVG with role img, named by its title and described by its description. */
function frame(width, height, title, description, className) {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  return s('svg', {
    xmlns: NS, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: className,
    'aria-labelledby': `${titleId} ${descId}`
  }, s('title', { id: titleId }, title), s('desc', { id: descId }, description));
}

function niceMax(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  const scaled = value / power;
  const step = scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 2.5 ? 2.5 : scaled <= 5 ? 5 : 10;
  return step * power;
}

function yAxis(svg, scale, ticks, left, right, format) {
  const axis = s('g', { class: 'axis y-axis', 'aria-hidden': 'true' });
  ticks.forEach(tick => {
    const y = scale(tick);
    axis.append(s('line', { class: 'grid', x1: left, x2: right, y1: y, y2: y }));
    axis.append(s('text', { x: left - 6, y: y + 4, 'text-anchor': 'end' }, format(tick)));
  });
  svg.append(axis);
}

function ticksBetween(low, high, count) {
  const step = niceMax((high - low) / count);
  const first = Math.ceil(low / step) * step;
  const ticks = [];
  for (let t = first; t <= high + step / 1000; t += step) {
    ticks.push(Math.round(t / step) * step);
  }
  return ticks;
}

/**
 * An XmR (individuals) chart: the points joined in time order, the mean, and the natural process limits; points in a
 * signal are drawn as red diamonds (a shape as well as a colour). points: [{label, value, suppressed}].
 */
export function xmrChart({ title, description, points, xmr, format, signalsAt }) {
  const width = Math.max(640, 26 * points.length + 150);
  const height = 320;
  const left = 64; const right = width - 110; const top = 16; const bottom = height - 56;
  const values = points.map(p => p.value).filter(v => v !== null && v !== undefined);
  const candidates = values.concat([xmr.upperLimit, xmr.mean].filter(v => v !== null && v !== undefined));
  const high = niceMax(Math.max(...candidates, 0) * 1.08);
  const low = 0;
  const y = v => bottom - ((v - low) / (high - low)) * (bottom - top);
  const step = points.length > 1 ? (right - left) / (points.length - 1) : 0;
  const x = i => points.length > 1 ? left + i * step : (left + right) / 2;
  const svg = frame(width, height, title, description, 'xmr-chart');
  yAxis(svg, y, ticksBetween(low, high, 5), left, right, format);

  const labels = s('g', { class: 'axis x-axis', 'aria-hidden': 'true' });
  const every = Math.max(1, Math.ceil(points.length / 12));
  points.forEach((p, i) => {
    if (i % every === 0) {
      labels.append(s('text', { x: x(i), y: bottom + 18, 'text-anchor': 'middle' }, p.label.slice(2)));
    }
  });
  labels.append(s('line', { x1: left, x2: right, y1: bottom, y2: bottom }));
  svg.append(labels);

  const limit = (kind, value, text) => {
    if (value === null || value === undefined) {
      return;
    }
    svg.append(s('line', {
      class: kind, 'data-value': value, x1: left, x2: right, y1: y(value), y2: y(value),
      stroke: kind === 'mean' ? '#0b0c0c' : '#6f3c9e', 'stroke-width': kind === 'mean' ? 1.5 : 2,
      'stroke-dasharray': kind === 'mean' ? null : '6 4'
    }));
    svg.append(s('text', { x: right + 6, y: y(value) + 4, class: `${kind}-label` }, `${text} ${format(value)}`));
  };
  limit('upper-limit', xmr.upperLimit, 'Upper');
  limit('mean', xmr.mean, 'Mean');
  limit('lower-limit', xmr.lowerLimit, 'Lower');

  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`;
    pen = true;
  });
  svg.append(s('path', { class: 'series', d: path, fill: 'none', stroke: '#1d4f91', 'stroke-width': 2 }));

  const marks = s('g', { class: 'points' });
  points.forEach((p, i) => {
    if (p.value === null || p.value === undefined) {
      if (p.suppressed) {
        marks.append(s('text', { class: 'suppressed', x: x(i), y: bottom - 6, 'text-anchor': 'middle', 'data-start': p.label },
          s('title', {}, `${p.label}: suppressed (too few people)`), '·'));
      }
      return;
    }
    const signal = signalsAt(p.label);
    const cx = x(i); const cy = y(p.value);
    const text = `${p.label}: ${format(p.value)}${signal ? ` (signal: ${signal})` : ''}`;
    marks.append(signal
      ? s('path', { class: 'point signal', d: `M${cx},${cy - 7}L${cx + 7},${cy}L${cx},${cy + 7}L${cx - 7},${cy}Z`, fill: '#b3261e', 'data-start': p.label, 'data-value': p.value }, s('title', {}, text))
      : s('circle', { class: 'point', cx, cy, r: 4, fill: '#1d4f91', 'data-start': p.label, 'data-value': p.value }, s('title', {}, text)));
  });
  svg.append(marks);
  return svg;
}

/** Which bucket starts fall inside a signal of the XmR summary: label -> signal type. */
export function signalIndex(points, signals) {
  const index = new Map();
  (signals || []).forEach(signal => {
    points.forEach(p => {
      if (p.label >= signal.from && p.label <= signal.to && p.value !== null && p.value !== undefined) {
        if (signal.type === 'OUTSIDE_LIMITS' ? p.label === signal.from || p.label === signal.to : true) {
          index.set(p.label, signal.type.toLowerCase().replace(/_/g, ' '));
        }
      }
    });
  });
  return label => index.get(label);
}

/** Horizontal bars: items [{label, value}] with a value each (null: suppressed). */
export function barChart({ title, description, items, format, colour }) {
  const width = 640;
  const rowHeight = 26;
  const height = items.length * rowHeight + 30;
  const left = 230; const right = width - 70;
  const high = niceMax(Math.max(...items.map(i => i.value || 0), 0));
  const svg = frame(width, height, title, description, 'bar-chart');
  items.forEach((item, i) => {
    const y = 10 + i * rowHeight;
    svg.append(s('text', { x: left - 8, y: y + 15, 'text-anchor': 'end' }, item.label));
    const barWidth = item.value ? ((right - left) * item.value) / high : 0;
    svg.append(s('rect', { class: 'bar', x: left, y: y + 3, width: barWidth.toFixed(1), height: rowHeight - 8, fill: colour || '#1d4f91', 'data-label': item.label, 'data-value': item.value ?? '' },
      s('title', {}, `${item.label}: ${item.value === null ? 'suppressed' : format(item.value)}`)));
    svg.append(s('text', { x: left + barWidth + 6, y: y + 15 }, item.value === null ? 'suppressed' : format(item.value)));
  });
  return svg;
}

/** A histogram: bins [{from, to, count}] of equal width; the last may be open-ended (to null). */
export function histogram({ title, description, bins, unit }) {
  const width = Math.max(640, bins.length * 16 + 120);
  const height = 280;
  const left = 56; const right = width - 20; const top = 12; const bottom = height - 48;
  const high = niceMax(Math.max(...bins.map(b => b.count || 0), 1) * 1.05);
  const y = v => bottom - (v / high) * (bottom - top);
  const barWidth = (right - left) / Math.max(bins.length, 1);
  const svg = frame(width, height, title, description, 'histogram');
  yAxis(svg, y, ticksBetween(0, high, 4), left, right, v => String(v));
  const every = Math.max(1, Math.ceil(bins.length / 10));
  const bars = s('g', { class: 'bins' });
  bins.forEach((bin, i) => {
    const label = bin.to === null ? `${bin.from} ${unit} or more` : `${bin.from} to ${bin.to} ${unit}`;
    if (bin.count !== null && bin.count > 0) {
      bars.append(s('rect', {
        class: 'bin', x: (left + i * barWidth + 1).toFixed(1), y: y(bin.count).toFixed(1), width: Math.max(barWidth - 2, 1).toFixed(1),
        height: (bottom - y(bin.count)).toFixed(1), fill: '#1d4f91', 'data-from': bin.from, 'data-value': bin.count
      }, s('title', {}, `${label}: ${bin.count}`)));
    } else if (bin.count === null) {
      bars.append(s('text', { class: 'suppressed', x: left + (i + 0.5) * barWidth, y: bottom - 4, 'text-anchor': 'middle', 'data-from': bin.from },
        s('title', {}, `${label}: suppressed (too few people)`), '·'));
    }
    if (i % every === 0) {
      svg.append(s('text', { x: left + i * barWidth, y: bottom + 16, 'text-anchor': 'start', 'aria-hidden': 'true' }, bin.from));
    }
  });
  svg.append(bars);
  svg.append(s('line', { x1: left, x2: right, y1: bottom, y2: bottom, stroke: '#484949' }));
  svg.append(s('text', { x: (left + right) / 2, y: height - 8, 'text-anchor': 'middle', 'aria-hidden': 'true' }, unit));
  return svg;
}

/** A directed network: nodes on a circle, an arrow per edge, its width by count. edges [{from, to, count}]. */
export function network({ title, description, edges }) {
  const names = [...new Set(edges.flatMap(e => [e.from, e.to]))].sort();
  const size = Math.max(560, Math.min(900, 80 * names.length));
  const centre = size / 2;
  const radius = centre - 130;
  const position = new Map(names.map((name, i) => {
    const angle = (2 * Math.PI * i) / names.length - Math.PI / 2;
    return [name, { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle), angle }];
  }));
  const svg = frame(size, size, title, description, 'network');
  const markerId = uid('arrow');
  svg.append(s('defs', {}, s('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    s('path', { d: 'M0,0L10,5L0,10Z', fill: '#484949' }))));
  const most = Math.max(...edges.map(e => e.count || 0), 1);
  const lines = s('g', { class: 'edges' });
  edges.forEach(edge => {
    const a = position.get(edge.from); const b = position.get(edge.to);
    const widthOf = 1 + (5 * (edge.count || 0)) / most;
    const label = `${edge.from} to ${edge.to}: ${edge.count}`;
    if (edge.from === edge.to) {
      const dx = Math.cos(a.angle) * 34; const dy = Math.sin(a.angle) * 34;
      lines.append(s('circle', { class: 'edge loop', cx: a.x + dx, cy: a.y + dy, r: 16, fill: 'none', stroke: '#484949', 'stroke-width': widthOf, 'data-from': edge.from, 'data-to': edge.to, 'data-value': edge.count }, s('title', {}, label)));
      return;
    }
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    const ux = (b.x - a.x) / length; const uy = (b.y - a.y) / length;
    // a slight bend, so the two directions between a pair are both visible
    const mx = (a.x + b.x) / 2 - uy * 24; const my = (a.y + b.y) / 2 + ux * 24;
    lines.append(s('path', {
      class: 'edge', d: `M${(a.x + ux * 12).toFixed(1)},${(a.y + uy * 12).toFixed(1)}Q${mx.toFixed(1)},${my.toFixed(1)} ${(b.x - ux * 14).toFixed(1)},${(b.y - uy * 14).toFixed(1)}`,
      fill: 'none', stroke: '#484949', 'stroke-opacity': 0.65, 'stroke-width': widthOf.toFixed(1), 'marker-end': `url(#${markerId})`,
      'data-from': edge.from, 'data-to': edge.to, 'data-value': edge.count
    }, s('title', {}, label)));
  });
  svg.append(lines);
  const nodes = s('g', { class: 'nodes' });
  names.forEach(name => {
    const p = position.get(name);
    const anchor = Math.abs(Math.cos(p.angle)) < 0.3 ? 'middle' : Math.cos(p.angle) > 0 ? 'start' : 'end';
    nodes.append(s('circle', { class: 'node', cx: p.x, cy: p.y, r: 9, fill: '#1d4f91', 'data-name': name }, s('title', {}, name)));
    nodes.append(s('text', { x: p.x + Math.cos(p.angle) * 16, y: p.y + Math.sin(p.angle) * 16 + 4, 'text-anchor': anchor }, name));
  });
  svg.append(nodes);
  return svg;
}
