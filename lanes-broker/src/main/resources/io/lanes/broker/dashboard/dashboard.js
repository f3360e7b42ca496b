// Lanes dashboard: polls /api/overview every 2 s and redraws. Every name, id and key is user data, so the
// page only ever puts it in the DOM as text (textContent, attribute values), never as markup.
'use strict';

const POLL_MS = 2000;
const SVG_NS = 'http://www.w3.org/2000/svg';
let previous = null;   // the last overview, for rates

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    node.setAttribute(k, String(v));
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function fmt(n, digits) {
  if (n === null || n === undefined || n < 0 || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits === undefined ? 0 : digits });
}

function bytes(n) {
  if (n === null || n < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return fmt(n, 1) + ' ' + units[i];
}

function card(label, value, id) {
  return el('div', { class: 'card', 'data-health': id }, el('div', { class: 'label' }, label),
    el('div', { class: 'value' }, value));
}

function renderHealth(h) {
  const box = document.getElementById('health');
  box.replaceChildren(
    card('CPU (process)', h.processCpu < 0 ? '–' : fmt(h.processCpu * 100, 1) + ' %', 'cpu'),
    card('Heap', bytes(h.heapUsedBytes) + ' / ' + bytes(h.heapMaxBytes), 'heap'),
    card('Disk free', bytes(h.diskFreeBytes) + ' / ' + bytes(h.diskTotalBytes), 'disk'),
    card('Connections', fmt(h.connections), 'connections'),
    card('Produce p50 / p99', fmt(h.produceP50Ms, 2) + ' / ' + fmt(h.produceP99Ms, 2) + ' ms', 'produce'),
    card('Fetch p99', fmt(h.fetchP99Ms, 1) + ' ms', 'fetch'),
    card('fsync p99', fmt(h.fsyncP99Ms, 2) + ' ms', 'fsync'),
    card('Uptime', fmt(h.uptimeSec) + ' s', 'uptime'));
}

function rates(overview) {
  const out = new Map();
  if (!previous) return out;
  const seconds = (overview.timeMs - previous.timeMs) / 1000;
  if (seconds <= 0) return out;
  const before = new Map();
  for (const t of previous.topics) for (const p of t.partitions) before.set(t.name + '\u0000' + p.partition, p.messagesIn);
  for (const t of overview.topics) for (const p of t.partitions) {
    const key = t.name + '\u0000' + p.partition;
    if (before.has(key)) out.set(key, Math.max(0, (p.messagesIn - before.get(key)) / seconds));
  }
  return out;
}

function renderTopics(overview) {
  const perSecond = rates(overview);
  const hot = new Set(overview.hotKeys.hotPartitions.map(p => p.topic + '\u0000' + p.partition));
  let max = 1;
  for (const v of perSecond.values()) max = Math.max(max, v);
  const box = document.getElementById('topics');
  const topics = overview.topics.filter(t => !t.name.startsWith('__'));
  if (topics.length === 0) { box.replaceChildren(el('div', { class: 'empty' }, 'No topics yet.')); return; }
  box.replaceChildren(...topics.map(t => {
    const total = t.partitions.reduce((s, p) => s + p.logEndOffset - p.logStartOffset, 0);
    const heat = el('div', { class: 'heat' }, ...t.partitions.map(p => {
      const key = t.name + '\u0000' + p.partition;
      const rate = perSecond.has(key) ? perSecond.get(key) : 0;
      const level = Math.round(255 - 200 * (rate / max));
      const cell = el('div', {
        class: 'cell' + (hot.has(key) ? ' hot' : ''),
        'data-partition': p.partition,
        'data-log-end-offset': p.logEndOffset,
        'data-messages-in': p.messagesIn,
        'data-messages-out': p.messagesOut,
        title: 'partition ' + p.partition + ': log end offset ' + p.logEndOffset + ', ' + bytes(p.sizeBytes)
          + ', ' + fmt(rate, 1) + ' records/s in' + (hot.has(key) ? ' (hot)' : '') + '; ' + fmt(p.messagesIn)
          + ' records in, ' + fmt(p.messagesOut) + ' records out since start-up',
      }, 'p' + p.partition, el('br'), fmt(rate, 0) + '/s', el('br'), fmt(p.logEndOffset));
      cell.style.background = 'rgb(255,' + level + ',' + Math.round(level * 0.6) + ')';
      return cell;
    }));
    return el('div', { class: 'topic', 'data-topic': t.name },
      el('span', { class: 'name' }, t.name), ' ',
      el('span', { class: 'meta' }, t.partitions.length + ' partitions, ' + fmt(total) + ' records kept'), heat);
  }));
}

function chart(series, width, height) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  const all = series.flatMap(s => s.points);
  if (all.length === 0) return svg;
  const now = Math.max(...all.map(p => p[0]));
  const start = now - 15 * 60 * 1000;
  const top = Math.max(1, ...all.map(p => p[1]));
  const colours = ['#2a6fdb', '#d9480f', '#2b8a3e', '#9c36b5', '#e67700', '#0b7285', '#c2255c', '#5c940d'];
  series.forEach((s, i) => {
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('fill', 'none');
    line.setAttribute('stroke', colours[i % colours.length]);
    line.setAttribute('stroke-width', '1.5');
    line.setAttribute('points', s.points.map(p =>
      ((p[0] - start) / (now - start || 1) * (width - 4) + 2).toFixed(1) + ',' +
      (height - 2 - p[1] / top * (height - 14)).toFixed(1)).join(' '));
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = s.label;
    line.append(title);
    svg.append(line);
  });
  const label = document.createElementNS(SVG_NS, 'text');
  label.setAttribute('x', 4);
  label.setAttribute('y', 11);
  label.setAttribute('font-size', '10');
  label.textContent = 'max ' + fmt(top);
  svg.append(label);
  return svg;
}

function timeOf(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function moveText(m) {
  return m.topic + '-' + m.partition + ': ' + (m.from === null ? 'nobody' : m.from) + ' → '
    + (m.to === null ? 'nobody' : m.to) + (m.unownedMs >= 0 ? ' (' + fmt(m.unownedMs) + ' ms unowned)' : '');
}

// One line per event, newest first; ids and topic names are user data and go in as text only.
function timeline(g) {
  const events = g.timeline || [];
  if (events.length === 0) return el('div', { class: 'empty' }, 'No rebalance since the broker started.');
  return el('ol', { class: 'timeline', 'data-timeline': g.groupId }, ...events.map(e => {
    const parts = [timeOf(e.timeMs), e.kind.replace(/_/g, ' ').toLowerCase(), 'gen ' + e.generation];
    if (e.memberId !== null) parts.push('member ' + e.memberId);
    if (e.unownedMs >= 0) parts.push('unowned ' + fmt(e.unownedMs) + ' ms');
    if (e.detail) parts.push(e.detail);
    const item = el('li', { 'data-event': e.kind }, parts.join(' · '));
    if (e.moved > 0) {
      const shown = e.moves.map(moveText);
      if (e.moved > e.moves.length) shown.push('… ' + (e.moved - e.moves.length) + ' more');
      item.append(el('div', { class: 'moves' }, e.moved + ' moved: ' + shown.join('; ')));
    }
    return item;
  }));
}

// The group's lag verdict (Burrow's statuses, from the operations library when `lanes server` plugged it in).
function verdict(overview, g) {
  if (!overview.verdicts) return '';
  if (!g.verdict) return el('span', { class: 'verdict pending', 'data-verdict': 'PENDING' }, 'verdict pending');
  const status = String(g.verdict.status);
  return el('span', {
    class: 'verdict ' + (['OK', 'WARN', 'ERR'].includes(status) ? status.toLowerCase() : 'err'),
    'data-verdict': status, title: g.verdict.rule || '',
  }, status + (g.verdict.rule ? ': ' + g.verdict.rule : ''));
}

function renderGroups(overview) {
  const box = document.getElementById('groups');
  if (overview.groups.length === 0) { box.replaceChildren(el('div', { class: 'empty' }, 'No consumer groups yet.')); return; }
  box.replaceChildren(...overview.groups.map(g => {
    // what the group's own consumers say their lag is (KIP-714 telemetry), beside the broker's figure
    const clientView = g.lag.some(l => l.clientLag !== null && l.clientLag !== undefined);
    const rows = g.lag.slice(0, 200).map(l => el('tr', { 'data-lag-partition': l.topic + '-' + l.partition },
      el('td', { class: 'text' }, l.topic), el('td', {}, l.partition), el('td', {}, fmt(l.committed)),
      el('td', {}, fmt(l.logEndOffset)), el('td', { class: 'lag' }, fmt(l.lag)),
      ...(clientView ? [el('td', { class: 'client-lag' }, l.clientLag === null ? '–' : fmt(l.clientLag))] : [])));
    const series = g.lag.slice(0, 8).map(l => ({ label: l.topic + '-' + l.partition, points: l.history }));
    return el('div', { class: 'group', 'data-group': g.groupId },
      el('span', { class: 'name' }, g.groupId), ' ', verdict(overview, g), ' ',
      el('span', { class: 'meta' }, g.type + ', ' + g.state + ', ' + g.members + ' members, generation '
        + g.generation + ', ' + fmt(g.rebalances) + ' rebalances, total lag ' + fmt(g.totalLag)),
      el('div', {}, chart(series, 480, 90)),
      el('table', {}, el('tr', {}, el('th', { class: 'text' }, 'topic'), el('th', {}, 'partition'),
        el('th', {}, 'committed'), el('th', {}, 'log end'), el('th', {}, 'lag'),
        ...(clientView ? [el('th', { title: 'records.lag the consumers report (KIP-714)' }, 'lag, client view')] : [])),
        ...rows),
      el('details', { class: 'rebalances', open: '' }, el('summary', {}, 'Rebalance timeline (latest first)'),
        timeline(g)));
  }));
}

function renderHotKeys(report) {
  document.getElementById('hotkeys-window').textContent = 'window ' + fmt(report.windowMs / 1000) + ' s, one batch in '
    + report.sampleEvery + ' sampled';
  const box = document.getElementById('hotkeys');
  if (report.hotKeys.length === 0 && report.hotPartitions.length === 0) {
    box.replaceChildren(el('div', { class: 'empty' }, 'No hot key or partition.'));
    return;
  }
  const keyRows = report.hotKeys.slice(0, 50).map(k => el('tr', { 'data-hot-key': k.key },
    el('td', { class: 'text' }, k.topic), el('td', {}, k.partition), el('td', { class: 'text key' }, k.key),
    el('td', {}, fmt(k.recordsShare * 100, 1) + ' %'), el('td', {}, fmt(k.bytesShare * 100, 1) + ' %')));
  const partitionRows = report.hotPartitions.slice(0, 50).map(p => el('tr', {},
    el('td', { class: 'text' }, p.topic), el('td', {}, p.partition), el('td', {}, fmt(p.ratePerSec, 1)),
    el('td', {}, fmt(p.skew, 2) + '×')));
  box.replaceChildren(
    el('table', {}, el('tr', {}, el('th', { class: 'text' }, 'topic'), el('th', {}, 'partition'),
      el('th', { class: 'text' }, 'hot key'), el('th', {}, 'records'), el('th', {}, 'bytes')), ...keyRows),
    el('table', {}, el('tr', {}, el('th', { class: 'text' }, 'topic'), el('th', {}, 'hot partition'),
      el('th', {}, 'records/s'), el('th', {}, 'vs topic mean')), ...partitionRows));
}

// Each client as its own KIP-714 telemetry shows it: ids are user data, rendered as text.
function renderClients(overview) {
  const box = document.getElementById('clients');
  const clients = overview.clients || [];
  if (clients.length === 0) {
    box.replaceChildren(el('div', { class: 'empty' }, 'No client pushes telemetry (KIP-714) yet: clients push once a '
      + 'client-metrics subscription matches them.'));
    return;
  }
  const ms = v => (v === null || v === undefined ? '–' : fmt(v, 2) + ' ms');
  const n = v => (v === null || v === undefined ? '–' : fmt(v));
  const rows = clients.map(c => el('tr', { 'data-client': c.clientId === null ? '' : c.clientId, 'data-kind': c.kind },
    el('td', { class: 'text name' }, c.clientId === null ? '' : c.clientId), el('td', { class: 'text' }, c.kind),
    el('td', { class: 'text' }, c.groupId === null ? '' : c.groupId),
    el('td', { 'data-figure': 'produceLatency' }, c.produceLatencyAvgMs === null ? '–'
      : ms(c.produceLatencyAvgMs) + ' / ' + ms(c.produceLatencyMaxMs)),
    el('td', { 'data-figure': 'recordsSent' }, n(c.recordsSent)),
    el('td', { 'data-figure': 'pollInterval' }, ms(c.pollIntervalAvgMs)),
    el('td', { 'data-figure': 'fetchLatency' }, ms(c.fetchLatencyAvgMs)),
    el('td', { 'data-figure': 'recordsConsumed' }, n(c.recordsConsumed)),
    el('td', { 'data-figure': 'lagMax' }, n(c.lagMax)),
    el('td', { class: 'text' }, c.software + (c.terminating ? ' (closing)' : '')),
    el('td', {}, timeOf(c.lastPushMs))));
  box.replaceChildren(el('table', {}, el('tr', {}, el('th', { class: 'text' }, 'client id'),
    el('th', { class: 'text' }, 'kind'), el('th', { class: 'text' }, 'group'), el('th', {}, 'produce latency avg / max'),
    el('th', {}, 'records sent'), el('th', {}, 'time between polls'), el('th', {}, 'fetch latency'),
    el('th', {}, 'records consumed'), el('th', {}, 'its max lag'), el('th', { class: 'text' }, 'software'),
    el('th', {}, 'last push')), ...rows));
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('/api/overview', { cache: 'no-store' });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const overview = await response.json();
    renderHealth(overview.broker);
    renderTopics(overview);
    renderGroups(overview);
    renderHotKeys(overview.hotKeys);
    renderClients(overview);
    previous = overview;
    status.textContent = 'updated ' + new Date(overview.timeMs).toLocaleTimeString();
    status.setAttribute('data-time-ms', overview.timeMs);
    status.classList.remove('error');
  } catch (e) {
    status.textContent = 'cannot reach the broker: ' + e.message;
    status.classList.add('error');
  }
  setTimeout(poll, POLL_MS);
}

poll();
