// The sandbox page's script: reads the Block Kit form controls the server rendered, posts each
// interaction to the page's server (which sends Slack's signed request through the driver), and swaps
// in the parts of the page that changed. Text from the server is only ever set as text or as the HTML
// the server escaped.
const main = document.querySelector('main[data-as]');
const as = main?.dataset.as;
/** The HTML of each part as last shown. */
const shown = new Map();

const noticesBox = document.querySelector('.notices');

function toast(text) {
  if (!noticesBox) return;
  const div = document.createElement('div');
  div.className = 'notice';
  div.setAttribute('role', 'alert');
  div.textContent = text;
  noticesBox.prepend(div);
  setTimeout(() => div.remove(), 10_000);
}

/** A request the page made on its own that got no answer (the sandbox stopped or restarted). */
function unanswered(error) {
  toast(`The sandbox did not answer: ${error instanceof Error ? error.message : String(error)}`);
}

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) toast(json.error ?? `The page answered HTTP ${response.status}`);
  else if (json.notice) toast(json.notice);
  return json;
}

// ---- what the page shows ----

/** A surface as the server knows it: the Home, a modal by view id, or a message by channel and ts. */
function surfaceOf(node) {
  const surface = node.closest('.surface');
  if (!surface) return undefined;
  const { kind, view, channel, ts } = surface.dataset;
  if (kind === 'modal') return { element: surface, ref: { kind, view } };
  if (kind === 'message') return { element: surface, ref: { kind, channel, ts } };
  return { element: surface, ref: { kind: 'home' } };
}

/** An element's value as the server takes it: text, an option value, or a list of them. */
function readValue(el) {
  const type = el.dataset.type;
  if (type === 'button' || type === 'overflow' || type === 'file_input') return undefined;
  if (type === 'radio_buttons') return el.querySelector('input:checked')?.value ?? '';
  if (type === 'checkboxes') return [...el.querySelectorAll('input:checked')].map((i) => i.value);
  const select = el.querySelector('select');
  if (select) return select.multiple ? [...select.selectedOptions].map((o) => o.value) : select.value;
  return el.querySelector('input:not(.query), textarea')?.value;
}

function writeValue(el, value) {
  const type = el.dataset.type;
  if (type === 'radio_buttons' || type === 'checkboxes') {
    const chosen = new Set([value].flat());
    for (const input of el.querySelectorAll('input')) input.checked = chosen.has(input.value);
    return;
  }
  const select = el.querySelector('select');
  if (select) {
    const chosen = new Set([value].flat());
    for (const option of select.options) option.selected = chosen.has(option.value);
    return;
  }
  const field = el.querySelector('input:not(.query), textarea');
  if (field) field.value = value;
}

function elementsOf(surface) {
  return [...surface.querySelectorAll('.el[data-type]')].filter((el) => el.closest('.surface') === surface);
}

/** state.values as the person left them: block_id → action_id → value. */
function valuesOf(surface) {
  const values = {};
  for (const el of elementsOf(surface)) {
    const value = readValue(el);
    if (value === undefined) continue;
    values[el.dataset.block] ??= {};
    values[el.dataset.block][el.dataset.action] = value;
  }
  return values;
}

function keyOf(el) {
  const surface = el.closest('.surface');
  const s = surface?.dataset ?? {};
  return [s.kind, s.view ?? s.ts ?? '', el.dataset.block, el.dataset.action, el.dataset.type].join('|');
}

/** Swaps in the parts that changed, keeping what the person typed but has not sent, and their focus. */
function show(parts) {
  for (const container of document.querySelectorAll('[data-part]')) {
    const name = container.dataset.part;
    const html = parts[name];
    if (html === undefined || shown.get(name) === html) continue;
    const typed = new Map();
    for (const el of container.querySelectorAll('.el[data-dirty]')) typed.set(keyOf(el), readValue(el));
    // Open threads and menus stay open, and a reply being written stays.
    const open = new Set(
      [...container.querySelectorAll('details[open][data-key]')].map((d) => d.dataset.key),
    );
    const drafts = new Map(
      [...container.querySelectorAll('textarea[data-key]')].map((t) => [t.dataset.key, t.value]),
    );
    const focusedKey = container.contains(document.activeElement) ? document.activeElement.dataset?.key : '';
    const focused = container.contains(document.activeElement) ? document.activeElement.id : '';
    container.innerHTML = html;
    shown.set(name, html);
    for (const el of container.querySelectorAll('.el[data-type]')) {
      const key = keyOf(el);
      if (!typed.has(key)) continue;
      writeValue(el, typed.get(key));
      el.dataset.dirty = '';
    }
    for (const details of container.querySelectorAll('details[data-key]')) {
      if (open.has(details.dataset.key)) details.open = true;
    }
    for (const text of container.querySelectorAll('textarea[data-key]')) {
      if (drafts.get(text.dataset.key)) text.value = drafts.get(text.dataset.key);
      if (focusedKey && text.dataset.key === focusedKey) text.focus();
    }
    if (focused) document.getElementById(focused)?.focus();
  }
  document.body.classList.toggle('has-modal', Boolean(parts.modal));
}

let refreshing = false;
async function refresh() {
  if (!as || refreshing) return;
  refreshing = true;
  try {
    const response = await fetch(`/api/parts?as=${encodeURIComponent(as)}`, {
      headers: { accept: 'application/json' },
    });
    if (response.ok) show((await response.json()).parts);
  } catch {
    // The sandbox stopped or restarted; the next poll tries again.
  } finally {
    refreshing = false;
  }
}

/** The app answers after its ack (views.open, chat.postMessage): look often for a moment. */
function refreshSoon() {
  for (const ms of [60, 200, 400, 700, 1100, 1600, 2500]) setTimeout(refresh, ms);
}

// ---- acting ----

const dialog = document.querySelector('dialog.confirm-dialog');

/** Slack's confirm dialog: resolves true when the person confirms. */
function confirmed(el) {
  const template = el.querySelector(':scope > template.confirm');
  if (!template || !dialog) return Promise.resolve(true);
  dialog.querySelector('h2').textContent = template.dataset.title;
  dialog.querySelector('.confirm-text').replaceChildren(template.content.cloneNode(true));
  const yes = dialog.querySelector('[data-yes]');
  yes.textContent = template.dataset.yes;
  yes.className = `btn ${template.dataset.style === 'danger' ? 'danger-solid' : 'primary'}`;
  dialog.querySelector('[data-no]').textContent = template.dataset.no;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
  });
}

async function act(el, option) {
  const surface = surfaceOf(el);
  if (!surface || !as) return;
  if (!(await confirmed(el))) {
    // Denied: show the element as it was, not as the person just changed it.
    delete el.dataset.dirty;
    shown.clear();
    void refresh();
    return;
  }
  const body = {
    as,
    surface: surface.ref,
    values: valuesOf(surface.element),
    block: el.dataset.block,
    action: el.dataset.action,
  };
  if (option !== undefined) body.option = option;
  await post('/api/act', body);
  refreshSoon();
}

// Shortcuts: the app's global ones from the Shortcuts menu, its message ones from a message's More actions.
async function shortcut(item) {
  item.closest('details')?.removeAttribute('open');
  const body = { as, callback: item.dataset.shortcut ?? item.dataset.messageShortcut };
  if (item.dataset.messageShortcut) body.message = { channel: item.dataset.channel, ts: item.dataset.ts };
  await post('/api/shortcut', body);
  refreshSoon();
}

document.addEventListener('click', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const item = target.closest('[data-shortcut], [data-message-shortcut]');
  if (item && as) {
    shortcut(item).catch(unanswered);
    return;
  }
  const button = target.closest('.el[data-type="button"] > button');
  if (button) {
    if (button.dataset.url) window.open(button.dataset.url, '_blank', 'noopener');
    act(button.parentElement).catch(unanswered);
    return;
  }
  const close = target.closest('[data-close]');
  const modal = close?.closest('form.modal');
  if (modal) {
    post('/api/close', { as, view: modal.dataset.view }).then(refreshSoon, unanswered);
  }
});

document.addEventListener('input', (event) => {
  const el = event.target instanceof Element ? event.target.closest('.el[data-type]') : null;
  if (el && !event.target.classList.contains('query')) el.dataset.dirty = '1';
});

document.addEventListener('change', (event) => {
  const target = event.target;
  if (!(target instanceof Element) || target.classList.contains('query')) return;
  const el = target.closest('.el[data-type]');
  if (!el) return;
  el.dataset.dirty = '1';
  if (el.dataset.type === 'overflow') {
    const option = target.value;
    target.value = '';
    if (option) act(el, option).catch(unanswered);
    return;
  }
  const typed = target.matches(
    'input[type="text"], input[type="email"], input[type="url"], input[type="number"], textarea',
  );
  if (el.dataset.dispatch !== undefined && !typed) act(el).catch(unanswered);
});

const characterTimers = new WeakMap();
document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const compose = target.closest('form[data-compose]');
  if (compose && event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    compose.requestSubmit();
    return;
  }
  const el = target.closest('.el[data-dispatch]');
  if (el && event.key === 'Enter' && target.matches('input:not(.query)')) {
    event.preventDefault();
    act(el).catch(unanswered);
  }
});
document.addEventListener('input', (event) => {
  const el = event.target instanceof Element ? event.target.closest('.el[data-on-character]') : null;
  if (!el || el.dataset.dispatch === undefined) return;
  clearTimeout(characterTimers.get(el));
  characterTimers.set(
    el,
    setTimeout(() => act(el), 400),
  );
});

// External selects: the app's options for what is typed (block_suggestion).
const suggestTimers = new WeakMap();
async function suggest(query) {
  const el = query.closest('.el');
  const surface = surfaceOf(el);
  if (!surface) return;
  if (query.value.length < Number(el.dataset.minQuery ?? 3)) return;
  const answer = await post('/api/suggest', {
    as,
    surface: surface.ref,
    block: el.dataset.block,
    action: el.dataset.action,
    query: query.value,
  });
  if (!answer.options) return;
  const select = el.querySelector('select');
  const kept = [...select.options].filter((o) => o.selected && o.value !== '');
  const keptValues = new Set(kept.map((o) => o.value));
  const fresh = answer.options
    .filter((o) => !keptValues.has(o.value))
    .map((o) => {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      return option;
    });
  const first = select.multiple ? [] : [select.options[0]].filter((o) => o && o.value === '');
  select.replaceChildren(...first, ...kept, ...fresh);
  if (!select.multiple && kept.length === 0) select.value = '';
  el.dataset.loaded = query.value;
}
document.addEventListener('input', (event) => {
  const query = event.target;
  if (!(query instanceof HTMLInputElement) || !query.classList.contains('query')) return;
  clearTimeout(suggestTimers.get(query));
  suggestTimers.set(
    query,
    setTimeout(() => suggest(query), 250),
  );
});
document.addEventListener('focusin', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const el = target.closest('.el[data-min-query]');
  if (el && el.dataset.minQuery === '0' && el.dataset.loaded === undefined) {
    suggest(el.querySelector('.query')).catch(unanswered);
  }
});

/**
 * A modal's file inputs, as Slack's client sends them: each chosen file uploaded first, then the
 * submission names the files by id. Undefined when an upload was refused (the page says why).
 */
async function uploadFiles(form) {
  const values = {};
  for (const el of elementsOf(form)) {
    if (el.dataset.type !== 'file_input') continue;
    const chosen = [...(el.querySelector('input[type="file"]')?.files ?? [])];
    // Nothing chosen this time: the files already attached stay as they are.
    if (chosen.length === 0) continue;
    if (chosen.length > Number(el.dataset.maxFiles ?? 10)) {
      toast(`Attach at most ${el.dataset.maxFiles} files here.`);
      return undefined;
    }
    const ids = [];
    for (const file of chosen) {
      const response = await fetch(
        `/api/upload?as=${encodeURIComponent(as)}&name=${encodeURIComponent(file.name)}`,
        {
          method: 'POST',
          headers: { 'content-type': file.type || 'application/octet-stream', accept: 'application/json' },
          body: file,
        },
      );
      const json = await response.json().catch(() => ({}));
      if (!response.ok) {
        toast(json.error ?? `The upload answered HTTP ${response.status}`);
        return undefined;
      }
      ids.push(json.id);
    }
    values[el.dataset.block] ??= {};
    values[el.dataset.block][el.dataset.action] = ids;
  }
  return values;
}

// Modal submission: Slack's client checks required fields; the app may answer with errors.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  if (form.matches('form.modal')) {
    event.preventDefault();
    const submit = form.querySelector('[data-submit]');
    if (submit) submit.disabled = true;
    const files = await uploadFiles(form).catch((error) => {
      unanswered(error);
      return undefined;
    });
    if (files) {
      const values = valuesOf(form);
      for (const [block, actions] of Object.entries(files)) values[block] = { ...values[block], ...actions };
      await post('/api/submit', { as, view: form.dataset.view, values });
    }
    if (submit) submit.disabled = false;
    void refresh();
    refreshSoon();
    return;
  }
  if (form.matches('form[data-compose]')) {
    event.preventDefault();
    const data = new URLSearchParams(new FormData(form));
    const text = form.querySelector('textarea');
    if (!text.value.trim()) return;
    text.value = '';
    const response = await fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json' },
      body: data,
    });
    if (!response.ok) toast((await response.json().catch(() => ({}))).error ?? `HTTP ${response.status}`);
    void refresh();
    refreshSoon();
  }
});

// ---- the app's clock ----

const clock = document.getElementById('clock');
let clockZone = 'UTC';

function wallTime(iso, zone) {
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
  return parts.replace(' ', 'T');
}

function formatTime(iso) {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: clockZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

async function loadClock() {
  if (!clock) return;
  const response = await fetch('/sandbox/clock', { headers: { accept: 'application/json' } }).catch(
    () => null,
  );
  if (!response?.ok) {
    clock.hidden = true;
    return;
  }
  const state = await response.json();
  clockZone = state.timeZone ?? 'UTC';
  clock.hidden = false;
  clock.querySelector('[data-clock-now]').textContent = `${formatTime(state.now)} (${clockZone})`;
  clock.querySelector('[data-clock-now]').dataset.iso = state.now;
  const set = clock.querySelector('[data-set]');
  if (!set.value) set.value = wallTime(state.now, clockZone);
  const jobs = clock.querySelector('[data-job]');
  const chosen = jobs.value;
  jobs.replaceChildren(
    ...(state.jobs ?? []).map((job) => {
      const option = document.createElement('option');
      option.value = job.name;
      option.textContent = job.nextRun ? `${job.name} · ${formatTime(job.nextRun)}` : job.name;
      return option;
    }),
  );
  if (chosen) jobs.value = chosen;
}

/** "Ran 3 jobs: itsm-sync ×2, slot-generation", and any run that did not succeed, with its time. */
function ranSummary(ran) {
  if (ran.length === 0) return 'No job fell due.';
  const counts = new Map();
  for (const run of ran) counts.set(run.job, (counts.get(run.job) ?? 0) + 1);
  const jobs = [...counts].map(([job, n]) => (n > 1 ? `${job} ×${n}` : job)).join(', ');
  const failed = ran
    .filter((run) => run.outcome !== 'succeeded')
    .map((run) => `${run.job} at ${formatTime(run.at)}: ${run.outcome}`);
  return `Ran ${ran.length} job${ran.length === 1 ? '' : 's'}: ${jobs}.${failed.length > 0 ? ` Not succeeded: ${failed.join('; ')}.` : ''}`;
}

async function moveClock(body) {
  const log = clock.querySelector('[data-clock-log]');
  log.textContent = 'Moving the clock…';
  for (const button of clock.querySelectorAll('button')) button.disabled = true;
  try {
    const response = await fetch('/sandbox/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      log.textContent = answer.error ?? `The clock answered HTTP ${response.status}`;
    } else {
      log.textContent = ranSummary(answer.ran ?? []);
    }
  } finally {
    for (const button of clock.querySelectorAll('button')) button.disabled = false;
  }
  clock.querySelector('[data-set]').value = '';
  await loadClock();
  // Jobs may have changed what the person's Home shows: open it again, as Slack does on a visit.
  if (as) await post('/api/home', { as });
  void refresh();
  refreshSoon();
}

clock?.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button') : null;
  if (!button) return;
  if (button.dataset.advance) moveClock({ advance: button.dataset.advance }).catch(unanswered);
  else if (button.matches('[data-advance-hours]')) {
    const hours = Number(clock.querySelector('[data-hours]').value);
    if (Number.isInteger(hours) && hours > 0) moveClock({ advance: `PT${hours}H` }).catch(unanswered);
  } else if (button.dataset.businessDays)
    moveClock({ advanceBusinessDays: Number(button.dataset.businessDays) }).catch(unanswered);
  else if (button.matches('[data-next-run]'))
    moveClock({ toNextRunOf: clock.querySelector('[data-job]').value }).catch(unanswered);
  else if (button.matches('[data-set-button]'))
    moveClock({ set: clock.querySelector('[data-set]').value }).catch(unanswered);
});

loadClock().catch(unanswered);
if (as) {
  for (const container of document.querySelectorAll('[data-part]')) {
    shown.set(container.dataset.part, container.innerHTML);
  }
  document.body.classList.toggle('has-modal', Boolean(document.querySelector('[data-part="modal"] form')));
  setInterval(refresh, 1500);
}
