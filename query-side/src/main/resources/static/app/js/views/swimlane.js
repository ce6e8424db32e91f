// A person's journey as a swimlane timeline: a lane per team (or organisation), each event a mark at its time
// (contacts: value a green circle, failure a red triangle), referrals and handoffs as arrows between lanes, episodes
// as shaded bands with their closure and any return, corrections and retractions shown as such.
import { s } from '../charts.js';
import { uid } from '../ui.js';

const COLOURS = { value: '#00703c', failure: '#b3261e', neutral: '#505a5f', accent: '#1d4f91', amendment: '#6f3c9e', band: '#dbe7f5', grid: '#dcdcdc' };
const AMENDMENTS = 'Corrections and record keeping';

function fieldsOf(entry) {
  return entry.effective || entry.event || {};
}

export function laneOf(entry, level) {
  if (entry.status === 'AMENDMENT' || entry.status === 'RECORD_KEEPING') {
    return AMENDMENTS;
  }
  const e = fieldsOf(entry);
  return (level === 'organisation' ? e.organisation : e.team) || e.organisation || e.service || '(not named)';
}

function targetLane(entry, level) {
  const e = fieldsOf(entry);
  if (entry.type === 'ReferralMade' || entry.type === 'HandoffMade') {
    return (level === 'organisation' ? e.toOrganisation : e.toTeam) || e.toOrganisation || null;
  }
  return null;
}

function sourceLane(entry, level) {
  const e = fieldsOf(entry);
  return (level === 'organisation' ? e.fromOrganisation : e.fromTeam) || laneOf(entry, level);
}

export function describe(entry) {
  const e = fieldsOf(entry);
  const parts = [String(e.occurredAt || entry.occurredAt).slice(0, 16).replace('T', ' '), entry.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()];
  if (e.channel) parts.push(e.channel.toLowerCase().replace(/_/g, ' '));
  if (e.demandType) parts.push(e.demandType === 'FAILURE' ? `failure demand${e.failureCategory ? ` (${e.failureCategory.toLowerCase().replace(/_/g, ' ')})` : ''}` : 'value demand');
  if (e.assessmentType) parts.push(e.assessmentType);
  if (e.activity) parts.push(e.activity);
  if (e.toTeam || e.toOrganisation) parts.push(`to ${e.toTeam || e.toOrganisation}`);
  if (e.outcome) parts.push(String(e.outcome).toLowerCase().replace(/_/g, ' '));
  if (e.durationMinutes) parts.push(`${e.durationMinutes} min${e.faceToFace ? ' face to face' : ''}`);
  if (entry.status === 'CORRECTED') parts.push(`corrected (by ${(entry.correctedBy || []).join(', ')}); shown as it counts now`);
  if (entry.status === 'RETRACTED') parts.push(`retracted (by ${entry.retractedBy}); counts nowhere`);
  if (entry.status === 'AMENDMENT') parts.push(`amends ${e.correctsEventId || 'an earlier event'}`);
  if (entry.episode) parts.push(`episode ${entry.episode}`);
  return parts.join(' · ');
}

function shape(entry, x, y) {
  const e = fieldsOf(entry);
  const retracted = entry.status === 'RETRACTED';
  const colour = retracted ? COLOURS.neutral : entry.type === 'ContactRecorded' ? (e.demandType === 'FAILURE' ? COLOURS.failure : COLOURS.value)
    : entry.status === 'AMENDMENT' || entry.status === 'RECORD_KEEPING' ? COLOURS.amendment : COLOURS.accent;
  const fill = retracted ? '#ffffff' : colour;
  const common = { fill, stroke: colour, 'stroke-width': 2 };
  switch (entry.type) {
    case 'ContactRecorded':
      return e.demandType === 'FAILURE'
        ? s('path', Object.assign({ d: `M${x},${y - 7}L${x + 7},${y + 6}L${x - 7},${y + 6}Z` }, common))
        : s('circle', Object.assign({ cx: x, cy: y, r: 6 }, common));
    case 'AssessmentCompleted':
      return s('rect', Object.assign({ x: x - 6, y: y - 6, width: 12, height: 12 }, common));
    case 'SupportDelivered':
      return s('path', Object.assign({ d: `M${x},${y - 7}L${x + 7},${y}L${x},${y + 7}L${x - 7},${y}Z` }, common));
    case 'CaseClosed':
      return s('rect', Object.assign({ x: x - 2, y: y - 10, width: 4, height: 20 }, common));
    case 'ReferralResolved':
      return s('rect', Object.assign({ x: x - 6, y: y - 2, width: 12, height: 4 }, common));
    case 'EventCorrected':
    case 'EventRetracted':
    case 'PersonalDataErased':
      return s('path', { d: `M${x - 5},${y - 5}L${x + 5},${y + 5}M${x + 5},${y - 5}L${x - 5},${y + 5}`, stroke: colour, 'stroke-width': 3 });
    default:
      return s('circle', Object.assign({ cx: x, cy: y, r: 5 }, common));
  }
}

/** The swimlane SVG of a journey answer (query side or command side: the same shape). */
export function swimlane(journey, level) {
  const entries = journey.timeline || [];
  const when = entry => Date.parse(fieldsOf(entry).occurredAt || entry.occurredAt);
  const lanes = [];
  const addLane = name => { if (name && !lanes.includes(name)) lanes.push(name); };
  entries.filter(e => e.status !== 'AMENDMENT' && e.status !== 'RECORD_KEEPING').forEach(entry => { addLane(laneOf(entry, level)); addLane(targetLane(entry, level)); });
  if (entries.some(e => e.status === 'AMENDMENT' || e.status === 'RECORD_KEEPING')) {
    lanes.push(AMENDMENTS);
  }
  const times = entries.map(when).filter(t => !Number.isNaN(t));
  (journey.episodes || []).forEach(ep => { times.push(Date.parse(ep.openedAt)); if (ep.closedAt) times.push(Date.parse(ep.closedAt)); });
  const start = Math.min(...times);
  let end = Math.max(...times);
  if (journey.open && journey.asOf) {
    end = Math.max(end, Date.parse(journey.asOf));
  }
  const span = Math.max(end - start, 86400000);
  const laneHeight = 46;
  const labelWidth = 190;
  const width = Math.max(900, Math.min(2400, 180 + entries.length * 6));
  const top = 34;
  const height = top + lanes.length * laneHeight + 36;
  const right = width - 20;
  const x = t => labelWidth + ((t - start + span * 0.02) / (span * 1.04)) * (right - labelWidth);
  const laneY = name => top + lanes.indexOf(name) * laneHeight + laneHeight / 2;

  const titleId = uid('swim-title');
  const descId = uid('swim-desc');
  const counted = entries.filter(e => e.status === 'ACTIVE' || e.status === 'CORRECTED').length;
  const svg = s('svg', { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'swimlane', 'aria-labelledby': `${titleId} ${descId}` },
    s('title', { id: titleId }, `Journey of ${journey.personId} across ${lanes.length} lanes`),
    s('desc', { id: descId }, `${entries.length} events (${counted} counting) from ${new Date(start).toISOString().slice(0, 10)} to ${new Date(end).toISOString().slice(0, 10)}, `
      + `${(journey.episodes || []).length} episode(s). The timeline table lists every event.`));
  const markerId = uid('lane-arrow');
  svg.append(s('defs', {}, s('marker', { id: markerId, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
    s('path', { d: 'M0,0L10,5L0,10Z', fill: COLOURS.accent }))));

  // episodes: shaded bands across every lane, labelled, with the closure and any return
  const bands = s('g', { class: 'episodes' });
  (journey.episodes || []).forEach(ep => {
    const from = x(Date.parse(ep.openedAt));
    const to = x(ep.closedAt ? Date.parse(ep.closedAt) : Date.parse(journey.asOf || new Date().toISOString()));
    bands.append(s('rect', { class: 'episode', x: from, y: top - 4, width: Math.max(to - from, 2), height: lanes.length * laneHeight + 8, fill: COLOURS.band, 'data-episode': ep.number },
      s('title', {}, `Episode ${ep.number}: opened ${ep.openedAt.slice(0, 10)}${ep.closedAt ? `, closed ${ep.closedAt.slice(0, 10)} (${String(ep.outcome || '').toLowerCase().replace(/_/g, ' ')})` : ', still open'}`)));
    bands.append(s('text', { x: from + 4, y: top - 10 }, `Episode ${ep.number}${ep.closedAt ? '' : ' (open)'}`));
    if (ep.closedAt) {
      bands.append(s('line', { class: 'closure', x1: to, x2: to, y1: top - 4, y2: top + lanes.length * laneHeight + 4, stroke: COLOURS.accent, 'stroke-width': 2, 'data-episode': ep.number }));
    }
    if (ep.returned && ep.returnedAt) {
      const back = x(Date.parse(ep.returnedAt));
      bands.append(s('text', { class: 'return', x: back + 3, y: top + lanes.length * laneHeight + 22, fill: COLOURS.failure, 'data-episode': ep.number },
        s('title', {}, `Returned ${ep.returnedAt.slice(0, 10)}, within the return window after episode ${ep.number} closed`), '↩ returned'));
    }
  });
  svg.append(bands);

  const grid = s('g', { class: 'lanes' });
  lanes.forEach((name, i) => {
    const y = top + i * laneHeight;
    grid.append(s('line', { x1: labelWidth, x2: right, y1: y + laneHeight, y2: y + laneHeight, stroke: COLOURS.grid }));
    grid.append(s('text', { class: 'lane-label', x: labelWidth - 8, y: y + laneHeight / 2 + 4, 'text-anchor': 'end' }, name.length > 28 ? `${name.slice(0, 27)}…` : name));
  });
  const months = s('g', { class: 'axis', 'aria-hidden': 'true' });
  const first = new Date(start);
  for (let m = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1)); m.getTime() <= end; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    const at = x(m.getTime());
    if (at >= labelWidth) {
      months.append(s('text', { x: at, y: height - 8, 'text-anchor': 'middle' }, m.toISOString().slice(0, 7)));
    }
  }
  svg.append(grid, months);

  const arrows = s('g', { class: 'moves' });
  const marks = s('g', { class: 'marks' });
  entries.forEach(entry => {
    const t = when(entry);
    if (Number.isNaN(t)) {
      return;
    }
    const lane = laneOf(entry, level);
    const cx = x(t);
    const cy = laneY(lane);
    const target = targetLane(entry, level);
    if (target && entry.status !== 'RETRACTED') {
      const fromY = laneY(sourceLane(entry, level)) ;
      const toY = laneY(target);
      arrows.append(s('path', {
        class: `move ${entry.type === 'ReferralMade' ? 'referral' : 'handoff'}`, d: `M${cx},${fromY}C${cx + 30},${fromY} ${cx + 10},${toY} ${cx + 28},${toY + (toY === fromY ? -12 : 0)}`,
        fill: 'none', stroke: COLOURS.accent, 'stroke-width': 1.5, 'stroke-dasharray': entry.type === 'ReferralMade' ? '4 3' : null, 'marker-end': `url(#${markerId})`,
        'data-from': sourceLane(entry, level), 'data-to': target, 'data-sequence': entry.sequence
      }, s('title', {}, describe(entry))));
    }
    const mark = s('g', { class: 'mark', 'data-sequence': entry.sequence, 'data-type': entry.type, 'data-status': entry.status, 'data-lane': lane, 'data-episode': entry.episode ?? '' },
      s('title', {}, describe(entry)), shape(entry, cx, cy));
    if (entry.status === 'CORRECTED') {
      mark.append(s('circle', { cx, cy, r: 11, fill: 'none', stroke: COLOURS.amendment, 'stroke-width': 1.5, 'stroke-dasharray': '3 2' }));
    }
    marks.append(mark);
  });
  svg.append(arrows, marks);
  return svg;
}
