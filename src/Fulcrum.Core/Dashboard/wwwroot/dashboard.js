// Fulcrum dashboard: polls GET api/state once a second and updates the page in place (no page reloads, no
// framework, no build step). Each listener, route, cluster and destination gets its elements once, keyed by
// name; later polls only change their text and classes, so a button keeps its focus and a test can keep
// hold of an element. Requests per second and error rates are not in the API: they are computed here from
// the change in the counters between two polls, over the server's own clock ("now").
//
// The page's Content-Security-Policy allows only same-origin scripts and styles: no inline script, no
// style attributes in markup (element.style set from script is fine), nothing from another origin.
'use strict';

(function () {
  const POLL_MS = 1000;
  const HIDDEN_POLL_MS = 5000;
  const REQUEST_TIMEOUT_MS = 5000;
  const SAMPLES = 30;         // sparkline length, one sample per poll
  const ERROR_WINDOW = 10;    // polls over which error rates are computed
  const TOKEN_KEY = 'fulcrum.adminToken';
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const integer = new Intl.NumberFormat('en-US');
  const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  const byTestId = (id) => document.querySelector(`[data-testid="${CSS.escape(id)}"]`);

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'testid') node.setAttribute('data-testid', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function setText(node, text) {
    const value = String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function setClass(node, name) {
    if (node.className !== name) node.className = name;
  }

  // Makes container's children match items, in order: reuses the child whose data-key matches, creates the
  // missing ones, removes the rest. update() runs for every item on every poll.
  function reconcile(container, items, keyOf, create, update) {
    const existing = new Map();
    for (const child of Array.from(container.children)) existing.set(child.dataset.key, child);
    let index = 0;
    for (const item of items) {
      const key = keyOf(item);
      let node = existing.get(key);
      if (node) {
        existing.delete(key);
      } else {
        node = create(item);
        node.dataset.key = key;
      }
      update(node, item, index);
      if (container.children[index] !== node) container.insertBefore(node, container.children[index] || null);
      index++;
    }
    for (const node of existing.values()) node.remove();
  }

  // ---------------------------------------------------------------- formatting

  function formatRate(value) {
    if (value === undefined) return '–';
    if (value >= 1000) return integer.format(Math.round(value));
    return decimal.format(value);
  }

  function formatPercent(failures, requests) {
    if (!requests) return '–';
    const percent = Math.min(100, (failures / requests) * 100);
    if (percent === 0) return '0%';
    if (percent < 0.1) return '<0.1%';
    return `${percent >= 10 ? Math.round(percent) : decimal.format(percent)}%`;
  }

  // '' when there were no failures, else a class that colours the number by how bad it is.
  function errorLevel(failures, requests) {
    if (!requests || !failures) return '';
    return failures / requests >= 0.05 ? ' err-high' : ' err-some';
  }

  function formatLatency(ms, requests) {
    if (!requests) return '–';
    if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
    if (ms >= 100) return `${Math.round(ms)} ms`;
    if (ms >= 10) return `${ms.toFixed(1)} ms`;
    return `${ms.toFixed(2)} ms`;
  }

  function formatDuration(ms) {
    let seconds = Math.max(0, Math.floor(ms / 1000));
    const days = Math.floor(seconds / 86400); seconds -= days * 86400;
    const hours = Math.floor(seconds / 3600); seconds -= hours * 3600;
    const minutes = Math.floor(seconds / 60); seconds -= minutes * 60;
    const two = (n) => String(n).padStart(2, '0');
    if (days > 0) return `${days}d ${hours}h`;
    if (hours > 0) return `${hours}h ${two(minutes)}m`;
    if (minutes > 0) return `${minutes}m ${two(seconds)}s`;
    return `${seconds}s`;
  }

  function formatAgo(ms) {
    return ms < 1500 ? 'just now' : `${formatDuration(ms)} ago`;
  }

  // "/tmp/x/fulcrum.yaml:10:5: key: message" reads as "fulcrum.yaml:10:5: key: message"; the title keeps it whole.
  function shortenPath(error) {
    return error.replace(/^(?:[A-Za-z]:)?[^\s:]*[\\/]([^\\/\s:]+:\d+)/, '$1');
  }

  function formatClock(date) {
    return date.toLocaleTimeString('en-GB', { hour12: false });
  }

  // ---------------------------------------------------------------- rates from counter deltas

  // key -> { requests, failures, at, seen, rps[], requestDeltas[], failureDeltas[] }
  const series = new Map();
  let pollNumber = 0;

  function push(list, value, limit) {
    list.push(value);
    if (list.length > limit) list.shift();
  }

  function track(key, requests, failures, at) {
    let entry = series.get(key);
    if (!entry) {
      entry = { requests, failures, at, seen: pollNumber, rps: [], requestDeltas: [], failureDeltas: [] };
      series.set(key, entry);
      return entry;
    }
    entry.seen = pollNumber;
    const seconds = (at - entry.at) / 1000;
    if (seconds <= 0) return entry;
    // A counter that went down belongs to a destination that was replaced: start again from its value.
    const requestDelta = requests >= entry.requests ? requests - entry.requests : 0;
    const failureDelta = failures >= entry.failures ? failures - entry.failures : 0;
    push(entry.rps, requestDelta / seconds, SAMPLES);
    push(entry.requestDeltas, requestDelta, ERROR_WINDOW);
    push(entry.failureDeltas, failureDelta, ERROR_WINDOW);
    entry.requests = requests;
    entry.failures = failures;
    entry.at = at;
    return entry;
  }

  function forgetUnseen() {
    for (const [key, entry] of series) {
      if (entry.seen !== pollNumber) series.delete(key);
    }
  }

  const sum = (list) => list.reduce((a, b) => a + b, 0);
  const lastRps = (entry) => (entry.rps.length ? entry.rps[entry.rps.length - 1] : undefined);
  const recentRequests = (entry) => sum(entry.requestDeltas);
  const recentFailures = (entry) => sum(entry.failureDeltas);

  // ---------------------------------------------------------------- sparklines (inline SVG)

  function sparkline(testid, width, height) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('width', String(width));
    svg.setAttribute('height', String(height));
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('data-testid', testid);
    svg.setAttribute('role', 'img');
    const base = document.createElementNS(SVG_NS, 'line');
    base.setAttribute('class', 'spark-base');
    base.setAttribute('x1', '0'); base.setAttribute('x2', String(width));
    base.setAttribute('y1', String(height - 1)); base.setAttribute('y2', String(height - 1));
    const area = document.createElementNS(SVG_NS, 'path');
    area.setAttribute('class', 'spark-area');
    const line = document.createElementNS(SVG_NS, 'polyline');
    line.setAttribute('class', 'spark-line');
    const dot = document.createElementNS(SVG_NS, 'circle');
    dot.setAttribute('class', 'spark-dot');
    dot.setAttribute('r', '2');
    svg.append(base, area, line, dot);
    svg.parts = { area, line, dot, width, height };
    return svg;
  }

  function drawSparkline(svg, samples, max, label) {
    const { area, line, dot, width, height } = svg.parts;
    svg.setAttribute('aria-label', label);
    if (samples.length === 0) {
      line.setAttribute('points', '');
      area.setAttribute('d', '');
      dot.setAttribute('visibility', 'hidden');
      return;
    }
    const top = 3;
    const bottom = height - 1.5;
    const step = width / (SAMPLES - 1);
    const first = SAMPLES - samples.length;
    const points = samples.map((value, i) => {
      const x = (first + i) * step;
      const y = bottom - (max > 0 ? Math.min(1, value / max) : 0) * (bottom - top);
      return [Math.min(width - 2, x), y];
    });
    line.setAttribute('points', points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' '));
    const start = points[0][0].toFixed(1);
    const end = points[points.length - 1][0].toFixed(1);
    area.setAttribute('d', `M${start},${bottom} L${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' L')} L${end},${bottom} Z`);
    const [lastX, lastY] = points[points.length - 1];
    dot.setAttribute('cx', lastX.toFixed(1));
    dot.setAttribute('cy', lastY.toFixed(1));
    dot.setAttribute('visibility', 'visible');
  }

  // ---------------------------------------------------------------- admin token

  function readToken() {
    try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
  }

  function saveToken(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
    } catch { /* storage disabled: the token lives only as long as this page */ }
    memoryToken = token;
  }

  let memoryToken = readToken();

  // "#token=..." in the address: keep it for this tab's session and take it out of the address bar and history.
  function takeTokenFromHash() {
    const hash = location.hash.replace(/^#/, '');
    if (!hash) return;
    const params = new URLSearchParams(hash);
    const token = params.get('token');
    if (token === null) return;
    saveToken(token);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  }

  function api(path, init) {
    const headers = new Headers((init && init.headers) || {});
    headers.set('Accept', 'application/json');
    if (memoryToken) headers.set('Authorization', `Bearer ${memoryToken}`);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    return fetch(path, { ...init, headers, cache: 'no-store', signal: abort.signal })
      .finally(() => clearTimeout(timer));
  }

  function showAuth(rejected) {
    const auth = byTestId('auth');
    setText(byTestId('auth-message'), rejected
      ? 'The token was not accepted. Enter the admin.token from the gateway\'s configuration.'
      : 'Enter the admin.token from its configuration, or open this page as /#token=…');
    if (auth.hidden) {
      auth.hidden = false;
      byTestId('token-input').focus();
    }
    setConnection('auth', 'token required');
  }

  // ---------------------------------------------------------------- header and status

  function setConnection(kind, text) {
    const node = byTestId('connection');
    setClass(node, `connection connection-${kind}`);
    setText(node, text);
    document.body.classList.toggle('stale', kind !== 'live');
  }

  let toastTimer = 0;
  function toast(message) {
    const node = byTestId('toast');
    setText(node, message);
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { node.hidden = true; }, 6000);
  }

  function renderHeader(state, now) {
    setText(byTestId('generation'), state.generation);
    setText(byTestId('uptime'), formatDuration(now - Date.parse(state.startedAt)));
    setText(byTestId('last-update'), formatClock(new Date(now)));
    const readiness = state.stopping ? 'stopping' : state.generation > 0 ? 'ready' : 'starting';
    const node = byTestId('readiness');
    setClass(node, `state state-${readiness}`);
    setText(node, readiness);
  }

  // ---------------------------------------------------------------- totals

  let totalSpark = null;

  function renderTiles(state, total) {
    if (!totalSpark) {
      totalSpark = sparkline('total-sparkline', 240, 44);
      byTestId('total-sparkline-slot').append(totalSpark);
    }
    const rps = lastRps(total);
    setText(byTestId('total-rps'), formatRate(rps));
    drawSparkline(totalSpark, total.rps, Math.max(1, ...total.rps), `requests per second, last ${SAMPLES} s`);
    setText(byTestId('total-requests'), integer.format(total.requests));

    const rate = byTestId('total-error-rate');
    setText(rate, formatPercent(recentFailures(total), recentRequests(total)));
    setClass(rate, `tile-value${errorLevel(recentFailures(total), recentRequests(total))}`);
    setText(byTestId('total-failures'), `last ${ERROR_WINDOW} s · ${integer.format(total.failures)} failed since start`);

    const destinations = state.clusters.flatMap((c) => c.destinations);
    const available = destinations.filter((d) => d.available).length;
    setText(byTestId('destinations-available'), `${available} / ${destinations.length}`);
    const notes = [];
    const count = (predicate, word) => {
      const n = destinations.filter(predicate).length;
      if (n) notes.push(`${n} ${word}`);
    };
    count((d) => d.health === 'unhealthy', 'unhealthy');
    count((d) => d.ejected, 'ejected');
    count((d) => d.draining, 'draining');
    setText(byTestId('destinations-note'), notes.length ? notes.join(' · ') : destinations.length ? 'all in rotation' : 'none configured');

    const connections = state.listeners.reduce((n, l) => n + l.activeConnections, 0);
    setText(byTestId('total-connections'), integer.format(connections));
    setText(byTestId('listener-count'), `${state.listeners.length} listener${state.listeners.length === 1 ? '' : 's'}`);
  }

  // ---------------------------------------------------------------- listeners and routes

  function renderListeners(state) {
    reconcile(byTestId('listeners'), state.listeners, (l) => l.name, (l) => {
      const id = `listener-${l.name}`;
      const refs = {};
      const node = el('div', { class: 'item listener', testid: id },
        el('div', { class: 'item-line' },
          el('span', { class: 'item-name', text: l.name }),
          refs.protocol = el('span', { class: 'tag' }),
          refs.address = el('span', { class: 'mono address', testid: `${id}-address` })),
        el('div', { class: 'item-line muted' },
          el('span', {}, refs.connections = el('strong', { testid: `${id}-connections` }), refs.connectionsWord = el('span')),
          refs.routes = el('span', { class: 'chips', testid: `${id}-routes` })));
      node.refs = refs;
      return node;
    }, (node, l) => {
      const { refs } = node;
      setText(refs.protocol, l.protocol);
      setText(refs.address, l.address);
      setText(refs.connections, integer.format(l.activeConnections));
      setText(refs.connectionsWord, l.activeConnections === 1 ? ' connection' : ' connections');
      reconcile(refs.routes, l.routes.length ? l.routes : ['—'], (r) => r,
        (r) => el('span', { class: r === '—' ? 'chip chip-empty' : 'chip', text: r === '—' ? 'no routes' : r }),
        () => {});
    });
  }

  function renderRoutes(state) {
    const routes = state.routes || [];
    byTestId('routes-empty').hidden = routes.length > 0;
    reconcile(byTestId('routes'), routes, (r) => r.name, (r) => {
      const id = `route-${r.name}`;
      const refs = {};
      const node = el('div', { class: 'item route', testid: id },
        el('div', { class: 'item-line' },
          el('span', { class: 'item-name', text: r.name }),
          refs.listeners = el('span', { class: 'muted small' })),
        el('div', { class: 'item-line route-map' },
          refs.match = el('span', { class: 'mono match', testid: `${id}-match` }),
          el('span', { class: 'arrow', text: '→', 'aria-label': 'goes to' }),
          refs.cluster = el('a', { class: 'chip chip-cluster', testid: `${id}-cluster` })));
      node.refs = refs;
      return node;
    }, (node, r) => {
      const { refs } = node;
      setText(refs.match, r.match);
      setText(refs.cluster, r.cluster);
      refs.cluster.setAttribute('href', `#cluster-${r.cluster}`);
      setText(refs.listeners, r.listeners && r.listeners.length ? `on ${r.listeners.join(', ')}` : 'all listeners');
    });
  }

  // ---------------------------------------------------------------- clusters and destinations

  // Drain/undrain answers that are newer than the poll being rendered: key -> { draining, issuedAt }.
  const drainOverrides = new Map();

  function destinationStatus(d) {
    if (d.draining) return 'draining';
    if (d.ejected) return 'ejected';
    return d.health; // healthy | unhealthy | unknown
  }

  function statusTitle(d) {
    const parts = [`active health: ${d.health}`];
    if (d.ejected) parts.push('ejected by passive health checks');
    if (d.draining) parts.push('draining: no new requests');
    parts.push(d.available ? 'in rotation' : 'out of rotation');
    return parts.join(' · ');
  }

  function createCluster(c) {
    const id = `cluster-${c.name}`;
    const refs = {};
    const node = el('article', { class: 'card cluster', testid: id, id },
      el('header', { class: 'card-head' },
        el('div', { class: 'card-title' },
          el('h3', { text: c.name }),
          refs.policy = el('span', { class: 'tag', testid: `${id}-policy` }),
          refs.available = el('span', { testid: `${id}-available` }),
          refs.routes = el('span', { class: 'muted small card-routes' })),
        el('div', { class: 'card-stats' },
          el('div', { class: 'stat' }, el('span', { class: 'stat-label', text: 'req/s' }), refs.rps = el('span', { class: 'stat-value', testid: `${id}-rps` })),
          el('div', { class: 'stat' }, el('span', { class: 'stat-label', text: 'requests' }), refs.requests = el('span', { class: 'stat-value', testid: `${id}-requests` })),
          el('div', { class: 'stat' }, el('span', { class: 'stat-label', text: 'errors' }), refs.errors = el('span', { class: 'stat-value', testid: `${id}-errors` })))),
      el('table', { class: 'destinations' },
        el('thead', {}, el('tr', {},
          el('th', { class: 'col-destination', text: 'Destination' }),
          el('th', { class: 'col-status', text: 'Status' }),
          el('th', { class: 'num col-inflight', text: 'In flight' }),
          el('th', { class: 'num col-rps', text: 'Req/s' }),
          el('th', { class: 'num col-errors', text: 'Errors' }),
          el('th', { class: 'num col-latency', text: 'Latency' }),
          el('th', { class: 'col-spark', text: `Last ${SAMPLES} s` }),
          el('th', { class: 'action col-action' }, el('span', { class: 'visually-hidden', text: 'Actions' })))),
        refs.rows = el('tbody')));
    node.refs = refs;
    return node;
  }

  function createDestination(clusterName, d) {
    const id = `destination-${clusterName}-${d.name}`;
    const refs = {};
    const row = el('tr', { class: 'destination', testid: id },
      el('td', { class: 'dest' },
        el('div', { class: 'dest-name' }, el('span', { text: d.name }), refs.weight = el('span', { class: 'weight' })),
        refs.address = el('div', { class: 'mono address', testid: `${id}-address` })),
      el('td', {}, refs.status = el('span', { testid: `${id}-status` })),
      el('td', { class: 'num' }, refs.inFlight = el('span', { testid: `${id}-inflight` })),
      el('td', { class: 'num' },
        refs.rps = el('div', { class: 'rps', testid: `${id}-rps` }),
        refs.requests = el('div', { class: 'sub', testid: `${id}-requests` })),
      el('td', { class: 'num' }, refs.errors = el('div', { testid: `${id}-errors` }), refs.failures = el('div', { class: 'sub' })),
      el('td', { class: 'num' }, refs.latency = el('span', { testid: `${id}-latency` })),
      el('td', { class: 'spark-cell' }, refs.spark = sparkline(`${id}-sparkline`, 110, 28)),
      el('td', { class: 'action' }, refs.drain = el('button', { type: 'button', class: 'btn', testid: `${id}-drain` })));
    refs.drain.addEventListener('click', () => toggleDrain(clusterName, d.name, row));
    row.refs = refs;
    return row;
  }

  function updateDestination(row, d, clusterName, at, peak, startedAt) {
    const { refs } = row;
    const key = `${clusterName}/${d.name}`;
    const override = drainOverrides.get(key);
    if (override) {
      if (override.issuedAt <= startedAt) drainOverrides.delete(key);
      else d = { ...d, draining: override.draining, available: d.available && !override.draining };
    }

    const status = destinationStatus(d);
    row.dataset.status = status;
    row.dataset.health = d.health;
    row.dataset.draining = String(d.draining);
    row.dataset.ejected = String(d.ejected);
    row.dataset.available = String(d.available);
    setClass(row, `destination${d.available ? '' : ' out'}`);

    setText(refs.address, d.address.replace(/\/$/, ''));
    refs.address.title = d.address;
    setText(refs.weight, d.weight !== 1 ? `×${d.weight}` : '');
    setClass(refs.status, `badge badge-${status}`);
    setText(refs.status, status);
    refs.status.title = statusTitle(d);

    const entry = series.get(key);
    setText(refs.inFlight, integer.format(d.inFlight));
    setText(refs.rps, formatRate(lastRps(entry)));
    setText(refs.requests, `${integer.format(d.requests)} total`);
    const errors = formatPercent(recentFailures(entry), recentRequests(entry));
    setText(refs.errors, errors);
    setClass(refs.errors, `num${errorLevel(recentFailures(entry), recentRequests(entry))}`);
    setText(refs.failures, d.failures ? `${integer.format(d.failures)} failed` : '');
    setText(refs.latency, formatLatency(d.latencyMs, d.requests));
    drawSparkline(refs.spark, entry.rps, peak, `${d.name}: requests per second, last ${SAMPLES} s`);

    setText(refs.drain, d.draining ? 'Undrain' : 'Drain');
    setClass(refs.drain, d.draining ? 'btn btn-undrain' : 'btn');
    refs.drain.title = d.draining
      ? `Put ${d.name} back into rotation`
      : `Stop sending new requests to ${d.name}; requests in flight finish`;
  }

  function renderClusters(state, at, startedAt) {
    const routesByCluster = new Map();
    for (const r of state.routes || []) {
      if (!routesByCluster.has(r.cluster)) routesByCluster.set(r.cluster, []);
      routesByCluster.get(r.cluster).push(r.name);
    }
    byTestId('clusters-empty').hidden = state.clusters.length > 0;

    reconcile(byTestId('clusters'), state.clusters, (c) => c.name, createCluster, (node, c) => {
      const { refs } = node;
      const entry = series.get(`cluster:${c.name}`);
      setText(refs.policy, c.policy);
      const availability = c.available === c.total ? 'ok' : c.available === 0 ? 'none' : 'some';
      setClass(refs.available, `availability availability-${availability}`);
      setText(refs.available, `${c.available}/${c.total} available`);
      const routes = routesByCluster.get(c.name) || [];
      setText(refs.routes, routes.length ? `via ${routes.join(', ')}` : 'no route');
      setText(refs.rps, formatRate(lastRps(entry)));
      setText(refs.requests, integer.format(c.requests));
      setText(refs.errors, formatPercent(recentFailures(entry), recentRequests(entry)));
      setClass(refs.errors, `stat-value${errorLevel(recentFailures(entry), recentRequests(entry))}`);

      // One scale per cluster so its destinations' sparklines compare at a glance.
      let peak = 1;
      for (const d of c.destinations) {
        const e = series.get(`${c.name}/${d.name}`);
        if (e && e.rps.length) peak = Math.max(peak, ...e.rps);
      }
      reconcile(refs.rows, c.destinations, (d) => d.name, (d) => createDestination(c.name, d),
        (row, d) => updateDestination(row, d, c.name, at, peak, startedAt));
    });
  }

  async function toggleDrain(clusterName, name, row) {
    const drain = row.dataset.draining !== 'true';
    const button = row.refs.drain;
    button.disabled = true;
    try {
      const path = `api/clusters/${encodeURIComponent(clusterName)}/destinations/${encodeURIComponent(name)}/${drain ? 'drain' : 'undrain'}`;
      const response = await api(path, { method: 'POST' });
      if (response.status === 401) {
        showAuth(Boolean(memoryToken));
        return;
      }
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        toast(body.error || `${drain ? 'Drain' : 'Undrain'} failed: HTTP ${response.status}`);
        return;
      }
      // Show the answer now; a poll that was already under way must not put the old state back.
      drainOverrides.set(`${clusterName}/${name}`, { draining: body.draining, issuedAt: performance.now() });
      row.dataset.draining = String(body.draining);
      setText(row.refs.drain, body.draining ? 'Undrain' : 'Drain');
      setClass(row.refs.status, `badge badge-${body.draining ? 'draining' : row.dataset.health}`);
      setText(row.refs.status, body.draining ? 'draining' : row.dataset.health);
      toast(body.draining
        ? `${name} is draining: no new requests${body.inFlight ? `, ${body.inFlight} still in flight` : ''}.`
        : `${name} is back in rotation.`);
      pollSoon();
    } catch (error) {
      toast(`${drain ? 'Drain' : 'Undrain'} failed: ${error.message || error}`);
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- reloads

  function renderReloads(state, now) {
    const reloads = state.reloads || [];
    reconcile(byTestId('reloads'), reloads, (r) => `${r.at}|${r.generation}|${r.succeeded}`, (r) => {
      const refs = {};
      const errors = r.errors || [];
      const shown = errors.slice(0, 8);
      const node = el('li', { class: `item reload ${r.succeeded ? 'reload-ok' : 'reload-failed'}`, 'data-succeeded': String(r.succeeded) },
        el('span', { class: 'reload-icon', 'aria-hidden': 'true', text: r.succeeded ? '✓' : '✕' }),
        el('div', { class: 'reload-body' },
          el('div', { class: 'item-line' },
            el('span', { class: 'reload-title', text: r.succeeded ? `Generation ${r.generation} applied` : 'Reload rejected' }),
            refs.ago = el('span', { class: 'muted small reload-ago' })),
          el('div', { class: 'muted small' },
            r.succeeded ? `reason: ${r.reason}` : `reason: ${r.reason} · generation ${r.generation} kept serving`),
          shown.length ? el('ul', { class: 'reload-errors' }, shown.map((e) => el('li', { class: 'mono', text: shortenPath(e), title: e }))) : null,
          errors.length > shown.length ? el('div', { class: 'muted small', text: `and ${errors.length - shown.length} more` }) : null));
      node.refs = refs;
      return node;
    }, (node, r, index) => {
      node.setAttribute('data-testid', `reload-${index}`);
      setText(node.refs.ago, formatAgo(now - Date.parse(r.at)));
      node.refs.ago.title = new Date(r.at).toLocaleString('en-GB');
    });
  }

  // ---------------------------------------------------------------- polling

  let timer = 0;
  let polling = false;
  let again = false;
  let paused = false;

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function pollSoon() {
    if (polling) again = true; else schedule(0);
  }

  async function poll() {
    clearTimeout(timer);
    if (paused) return;
    polling = true;
    const startedAt = performance.now();
    try {
      const response = await api('api/state');
      if (response.status === 401) {
        // Wait for a token rather than knocking once a second with a wrong one.
        paused = true;
        showAuth(Boolean(memoryToken));
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const state = await response.json();
      render(state, startedAt);
      byTestId('auth').hidden = true;
      setConnection('live', 'live');
    } catch (error) {
      setConnection('down', error.name === 'AbortError' ? 'no answer · retrying' : 'disconnected · retrying');
    } finally {
      polling = false;
      if (!paused) {
        if (again) { again = false; schedule(0); } else schedule(document.hidden ? HIDDEN_POLL_MS : POLL_MS);
      }
    }
  }

  function render(state, startedAt) {
    const now = Date.parse(state.now);
    pollNumber++;
    let totalRequests = 0;
    let totalFailures = 0;
    for (const c of state.clusters) {
      track(`cluster:${c.name}`, c.requests, c.failures, now);
      totalRequests += c.requests;
      totalFailures += c.failures;
      for (const d of c.destinations) track(`${c.name}/${d.name}`, d.requests, d.failures, now);
    }
    const total = track('*', totalRequests, totalFailures, now);
    forgetUnseen();

    renderHeader(state, now);
    renderTiles(state, total);
    renderListeners(state);
    renderRoutes(state);
    renderClusters(state, now, startedAt);
    renderReloads(state, now);
    document.body.dataset.generation = String(state.generation);
    document.body.dataset.polls = String(pollNumber);
  }

  function start() {
    takeTokenFromHash();
    byTestId('auth-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = byTestId('token-input');
      saveToken(input.value.trim());
      input.value = '';
      byTestId('auth').hidden = true;
      paused = false;
      setConnection('connecting', 'connecting');
      schedule(0);
    });
    document.addEventListener('visibilitychange', () => { if (!document.hidden && !paused) pollSoon(); });
    poll();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
