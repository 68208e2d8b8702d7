'use strict';
// The history browser. The API key lives in this variable only: never in a URL, the page's storage or a log.
let apiKey = null;
const state = { user: null, collection: null, entry: null, history: [], selectedRevision: null };
const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

async function api(path, options = {}) {
  const response = await fetch('/api' + path, {
    ...options,
    headers: { 'x-api-key': apiKey, 'Accept': 'application/json', ...(options.headers || {}) }
  });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(response.status + ' ' + (await response.text()));
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function item(list, text, onClick, classes = []) {
  const li = document.createElement('li');
  li.textContent = text;
  classes.forEach((c) => li.classList.add(c));
  li.addEventListener('click', () => {
    [...list.children].forEach((other) => other.classList.remove('selected'));
    li.classList.add('selected');
    onClick();
  });
  list.appendChild(li);
  return li;
}

function basePath() {
  let path = '/user/' + enc(state.user) + '/collection/' + enc(state.collection.meta.collection);
  if (state.entry) path += '/entry/' + enc(state.entry.meta.entry);
  return path;
}

async function connect(event) {
  event.preventDefault();
  apiKey = $('api-key').value.trim();
  $('api-key').value = '';
  try {
    const collections = await api('/collection?filter=current');
    $('application').textContent = collections.length ? 'application ' + collections[0].meta.application : 'no data yet';
    $('main').hidden = false;
    renderUsers(collections);
    startLive();
  } catch (error) {
    $('application').textContent = 'Key refused';
    $('application').classList.add('error');
  }
}

function renderUsers(collections) {
  const users = [...new Set(collections.map((c) => c.meta.user))].sort();
  const list = $('users');
  list.innerHTML = '';
  users.forEach((user) => item(list, user, () => selectUser(user)));
}

async function selectUser(user) {
  Object.assign(state, { user, collection: null, entry: null });
  $('entries').innerHTML = '';
  await loadCollections();
}

async function loadCollections() {
  const filter = $('collection-filter').value;
  const collections = await api('/user/' + enc(state.user) + '/collection?filter=' + filter) || [];
  const list = $('collections');
  list.innerHTML = '';
  collections.forEach((c) => item(list, c.name + ' (v' + c.meta.version + ')', () => selectCollection(c),
    c.meta.deletedAt ? ['deleted'] : []));
}

async function selectCollection(collection) {
  Object.assign(state, { collection, entry: null });
  await loadEntries();
  await showDetail('Collection ' + collection.name);
}

async function loadEntries() {
  if (!state.collection) return;
  const filter = $('entry-filter').value;
  const entries = await api('/user/' + enc(state.user) + '/collection/' + enc(state.collection.meta.collection)
    + '/entry?filter=' + filter) || [];
  const list = $('entries');
  list.innerHTML = '';
  entries.forEach((e) => item(list, (e.name || e.meta.entry) + ' (v' + e.meta.version + ')', () => selectEntry(e),
    e.meta.deletedAt ? ['deleted'] : []));
}

async function selectEntry(entry) {
  state.entry = entry;
  await showDetail('Entry ' + (entry.name || entry.meta.entry));
}

async function showDetail(title) {
  $('detail-title').textContent = title;
  const page = await api(basePath() + '/history?page=0&size=100');
  state.history = page ? page.content : [];
  renderTimeline();
  const latest = state.history[state.history.length - 1];
  showState(latest ? latest.state : null, latest && latest.type === 'DELETE' ? 'deleted' : 'latest');
  renderActions(latest);
  const slider = $('as-of-slider');
  slider.max = Math.max(0, state.history.length - 1);
  slider.value = slider.max;
  $('time-travel').hidden = state.history.length === 0;
  $('as-of-label').textContent = latest ? 'revision ' + latest.revision : '';
  if (latest) selectRevision(latest.revision);
}

function renderActions(latest) {
  const actions = $('detail-actions');
  actions.innerHTML = '';
  if (latest && latest.type === 'DELETE') {
    const restore = document.createElement('button');
    restore.id = 'restore';
    restore.textContent = 'Restore';
    restore.addEventListener('click', async () => {
      await api(basePath() + '/restore', { method: 'POST' });
      await loadCollections();
      await loadEntries();
      await showDetail($('detail-title').textContent);
    });
    actions.appendChild(restore);
  }
}

function renderTimeline() {
  const list = $('timeline');
  list.innerHTML = '';
  state.history.forEach((revision) => {
    const li = document.createElement('li');
    li.dataset.revision = revision.revision;
    li.innerHTML = '<span class="badge ' + revision.type + '">' + revision.type + '</span>';
    li.append('revision ' + revision.revision + ' · ' + new Date(revision.instant).toLocaleString()
      + (revision.author ? ' · by ' + revision.author : ''));
    li.addEventListener('click', () => selectRevision(revision.revision));
    list.appendChild(li);
  });
}

async function selectRevision(number) {
  state.selectedRevision = number;
  [...$('timeline').children].forEach((li) => li.classList.toggle('selected', Number(li.dataset.revision) === number));
  const operations = await api(basePath() + '/history/' + number + '/changes') || [];
  const previous = state.history.find((r) => r.revision === number - 1);
  renderDiff(operations, previous ? previous.state : {});
}

function pointerGet(document, pointer) {
  return pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((value, key) => (value == null ? undefined : value[key]), document);
}

function renderDiff(operations, before) {
  const diff = $('diff');
  diff.innerHTML = '';
  diff.classList.remove('muted');
  if (operations.length === 0) {
    diff.textContent = 'No change of its content (a delete or a restore).';
    diff.classList.add('muted');
    return;
  }
  operations.forEach((op) => {
    const line = document.createElement('div');
    line.className = 'op ' + op.op;
    const old = pointerGet(before, op.path);
    const show = (value) => JSON.stringify(value);
    if (op.op === 'add') line.textContent = '+ ' + op.path + ' = ' + show(op.value);
    else if (op.op === 'remove') line.textContent = '- ' + op.path + (old === undefined ? '' : ' (was ' + show(old) + ')');
    else line.textContent = '~ ' + op.path + ': ' + (old === undefined ? '' : show(old) + ' → ') + show(op.value);
    diff.appendChild(line);
  });
}

function showState(value, label) {
  $('state').textContent = value == null ? '(' + label + ': nothing)' : label + ':\n' + JSON.stringify(value, null, 2);
}

async function timeTravel(instant, label) {
  // a single item answers an array, as in DynamoDB-mini
  const answer = await api(basePath() + '?asOf=' + enc(instant));
  const found = Array.isArray(answer) ? answer[0] : answer;
  $('as-of-label').textContent = label;
  if (!found) {
    showState(null, 'as of ' + instant + ' it did not exist or was deleted');
    return;
  }
  showState(state.entry ? { name: found.name, value: found.value } : { name: found.name }, 'as of ' + instant);
}

function onSlider() {
  const revision = state.history[Number($('as-of-slider').value)];
  if (!revision) return;
  $('as-of').value = revision.instant.substring(0, 23);
  timeTravel(revision.instant, 'revision ' + revision.revision);
}

function onInstant() {
  const value = $('as-of').value;
  if (!value) return;
  const instant = new Date(value).toISOString();
  timeTravel(instant, 'picked instant');
}

async function startLive() {
  $('live-status').textContent = 'connecting…';
  try {
    const response = await fetch('/api/events', { headers: { 'x-api-key': apiKey, 'Accept': 'text/event-stream' } });
    if (!response.ok) throw new Error(String(response.status));
    $('live-status').textContent = 'connected';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        onEvent(buffer.substring(0, end));
        buffer = buffer.substring(end + 2);
      }
    }
    $('live-status').textContent = 'closed';
  } catch (error) {
    $('live-status').textContent = 'unavailable';
  }
}

function onEvent(block) {
  let name = 'message';
  let data = '';
  block.split('\n').forEach((line) => {
    if (line.startsWith('event:')) name = line.substring(6).trim();
    else if (line.startsWith('data:')) data += line.substring(5);
  });
  if (!data) return;
  const change = JSON.parse(data);
  const li = document.createElement('li');
  li.textContent = new Date(change.instant).toLocaleTimeString() + ' ' + name + ' ' + change.kind + ' '
    + (change.name || change.id) + ' (revision ' + change.revision + ', user ' + (change.user || '?') + ')';
  $('live').prepend(li);
}

$('key-form').addEventListener('submit', connect);
$('collection-filter').addEventListener('change', () => state.user && loadCollections());
$('entry-filter').addEventListener('change', loadEntries);
$('as-of-slider').addEventListener('input', onSlider);
$('as-of').addEventListener('change', onInstant);
