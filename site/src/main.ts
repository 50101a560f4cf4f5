// The playground page: wires the fields to the model (model.ts), renders, keeps the state in the
// URL fragment. Performance marks for `npm run bench -- --only site`:
//   gaiconf:first-result   the first result is on the page (from navigation start)
//   gaiconf:update         one edit: read the fields, validate, simulate every profile, render
//   gaiconf:simulate       the part of it before rendering: validate, lint, simulate every profile
//   gaiconf:fix            the fix for the current state (synthesize and every format)
import { GaiconfInputError, hostFromIpJson, IP_JSON_COMMANDS, locateJsonPathOrAncestor, parseJsonWithLocation, type IpJsonOutputs, type Scenario, type SimulationResult } from '../../src/index.js';
import pkg from '../../package.json';
import { append, byId, fill, h } from './dom.js';
import { Editor, goTo, type Finding } from './editor.js';
import { evaluate, fixFor, scenarioOf, simulateCommands, type Evaluation, type Fix, type Problem } from './model.js';
import { ALL_PRESETS, FIELD_CASES, HOST_PRESETS, POLICY_PRESETS, prettyJson, type Preset } from './presets.js';
import { profileCards, routesTable, summary } from './render.js';
import { coerceState, decodeFragment, encodeState, FLAGS, isStateFragment, type State } from './state.js';

// ---------------------------------------------------------------------------------------------
// Fields

const editors = {
  host: new Editor('host'),
  gaiConf: new Editor('gaiconf'),
  records: new Editor('records'),
};
const el = {
  preset: byId<HTMLSelectElement>('preset'),
  name: byId<HTMLInputElement>('name'),
  policy: byId<HTMLSelectElement>('policy'),
  glibc: byId<HTMLSelectElement>('glibc'),
  qname: byId<HTMLInputElement>('qname'),
  qnameFindings: byId('qname-findings'),
  scenarioFindings: byId('scenario-findings'),
  family: byId<HTMLSelectElement>('family'),
  flags: [...document.querySelectorAll<HTMLInputElement>('input[name="flag"]')],
  wantModes: [...document.querySelectorAll<HTMLInputElement>('input[name="want-mode"]')],
  wantFirst: byId<HTMLInputElement>('want-first'),
  wantOrder: byId<HTMLInputElement>('want-order'),
  format: byId<HTMLSelectElement>('format'),
  status: byId('status'),
  profiles: byId('profiles'),
  fixStatus: byId('fix-status'),
  fixOutput: byId('fix-output'),
  fixCommand: byId('fix-command'),
  shareLink: byId<HTMLInputElement>('share-link'),
  cliCommands: byId('cli-commands'),
  download: byId<HTMLButtonElement>('download'),
  announce: byId('announce'),
};

function presetHostText(p: Preset): string {
  return prettyJson(p.scenario.host);
}

export const DEFAULT_STATE: State = stateOfPreset(HOST_PRESETS[0]!, {
  name: '',
  host: '',
  gaiConf: '',
  records: '',
  qname: '',
  family: 'AF_UNSPEC',
  flags: [],
  glibc: '2.36',
  wantMode: 'first',
  wantFirst: 'ipv6',
  wantOrder: '',
  format: 'conf',
});

/** A scenario (a preset's, or one pasted or opened) laid into a state. */
function stateOfScenario(s: Partial<Scenario> & Record<string, unknown>, base: State, withGaiConf: boolean): State {
  const q = (typeof s.query === 'object' && s.query !== null ? s.query : {}) as Record<string, unknown>;
  const records = Array.isArray(q.records) ? q.records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') : '';
  const state: State = {
    ...base,
    name: typeof s.name === 'string' ? s.name : '',
    host: s.host === undefined ? '' : prettyJson(s.host),
    records,
    qname: typeof q.name === 'string' ? q.name : '',
    family: q.family === 'AF_INET' || q.family === 'AF_INET6' ? q.family : 'AF_UNSPEC',
    flags: Array.isArray(q.flags) ? FLAGS.filter((f) => (q.flags as unknown[]).includes(f)) : [],
  };
  if (withGaiConf) state.gaiConf = typeof s.gaiConf === 'string' ? s.gaiConf : '';
  return state;
}

function stateOfPreset(p: Preset, base: State): State {
  return stateOfScenario(p.scenario as Scenario & Record<string, unknown>, base, p.setsGaiConf);
}

function writeFields(s: State): void {
  el.name.value = s.name;
  editors.host.value = s.host;
  editors.gaiConf.value = s.gaiConf;
  editors.records.value = s.records;
  el.qname.value = s.qname;
  el.family.value = s.family;
  for (const f of el.flags) f.checked = s.flags.includes(f.value as State['flags'][number]);
  el.glibc.value = s.glibc;
  for (const r of el.wantModes) r.checked = r.value === s.wantMode;
  el.wantFirst.value = s.wantFirst;
  el.wantOrder.value = s.wantOrder;
  el.format.value = s.format;
}

function readFields(): State {
  return {
    name: el.name.value,
    host: editors.host.value,
    gaiConf: editors.gaiConf.value,
    records: editors.records.value,
    qname: el.qname.value,
    family: el.family.value as State['family'],
    flags: FLAGS.filter((f) => el.flags.some((c) => c.checked && c.value === f)),
    glibc: el.glibc.value,
    wantMode: el.wantModes.find((r) => r.checked)?.value === 'order' ? 'order' : 'first',
    wantFirst: el.wantFirst.value,
    wantOrder: el.wantOrder.value,
    format: el.format.value as State['format'],
  };
}

const presetStates = new Map<Preset, State>();

/** The preset selects show the preset the fields still hold, else "(edited)". */
function syncPresetSelects(s: State): void {
  const p = ALL_PRESETS.find((x) => {
    let t = presetStates.get(x);
    if (!t) presetStates.set(x, (t = stateOfPreset(x, DEFAULT_STATE)));
    return t.host === s.host && t.records === s.records && t.qname === s.qname && t.family === s.family && t.flags.join() === s.flags.join() && t.name === s.name && (!x.setsGaiConf || t.gaiConf === s.gaiConf);
  });
  el.preset.value = p ? p.id : '';
  const c = POLICY_PRESETS.find((x) => x.text === s.gaiConf);
  el.policy.value = c ? c.id : '';
}

// ---------------------------------------------------------------------------------------------
// Rendering

let state: State = DEFAULT_STATE;
let current: Evaluation | null = null;
let lastResults: readonly SimulationResult[] = [];
let updates = 0;

const findingsOf = (problems: readonly Problem[], field: Problem['field']): Finding[] =>
  problems.filter((p) => p.field === field).map((p) => ({ severity: 'error', ...(p.line !== undefined ? { line: p.line, column: p.column } : {}), message: p.path ? `${p.path}: ${p.message}` : p.message, hint: p.hint }));

function renderFindings(ev: Evaluation): void {
  editors.host.show(findingsOf(ev.problems, 'host'));
  editors.records.show(findingsOf(ev.problems, 'records'));
  const conf = [...findingsOf(ev.problems, 'gaiConf'), ...ev.lint.map((d): Finding => ({ severity: d.severity, line: d.line, column: d.column, code: d.code, message: d.message, hint: d.hint }))];
  editors.gaiConf.show(conf, state.gaiConf === '' ? '' : 'glibc reads every line as written: no finding.');
  const line = (p: Problem) => h('li', { class: 'finding error' }, h('span', { class: 'severity' }, 'error'), ' ', h('span', { class: 'message' }, `${p.path}: ${p.message}`), h('span', { class: 'hint' }, h('span', { class: 'hint-label' }, 'hint: '), p.hint));
  fill(el.qnameFindings, ev.problems.filter((p) => p.field === 'qname').map(line));
  fill(el.scenarioFindings, ev.problems.filter((p) => p.field === 'scenario' || p.field === 'name').map(line));
  el.qname.toggleAttribute('aria-invalid', ev.problems.some((p) => p.field === 'qname'));
}

function renderResults(ev: Evaluation): void {
  const profiles = el.profiles;
  if (ev.problems.length) {
    profiles.classList.add('stale');
    profiles.setAttribute('aria-busy', 'true');
    const n = ev.problems.length;
    el.status.textContent = `${n} problem${n === 1 ? '' : 's'} in the input (marked at ${n === 1 ? 'its field' : 'their fields'}).${lastResults.length ? ' Showing the last result.' : ''}`;
    el.status.className = 'status error';
    return;
  }
  profiles.classList.remove('stale');
  profiles.removeAttribute('aria-busy');
  lastResults = ev.results;
  const glibc = ev.results[0]!;
  el.status.className = 'status';
  fill(el.status, summary(ev.results));
  fill(profiles, profileCards(ev.results), h('details', { class: 'routes-box' }, h('summary', {}, 'Routes the kernel picks for each answer'), routesTable(glibc)));
}

function renderCommands(s: State): void {
  el.cliCommands.textContent = simulateCommands(s).join('\n');
}

function update(): void {
  performance.mark('gaiconf:update-start');
  state = readFields();
  current = evaluate(state);
  performance.measure('gaiconf:simulate', 'gaiconf:update-start');
  renderFindings(current);
  renderResults(current);
  renderCommands(state);
  syncPresetSelects(state);
  el.download.disabled = current.scenario === null;
  performance.measure('gaiconf:update', 'gaiconf:update-start');
  // Bounded: a long session keeps the last few thousand entries' worth at most.
  if (++updates % 20_000 === 0) {
    performance.clearMeasures('gaiconf:update');
    performance.clearMeasures('gaiconf:simulate');
    performance.clearMeasures('gaiconf:fix');
  }
  scheduleFix();
  scheduleUrl();
}

// ---------------------------------------------------------------------------------------------
// The fix (after the result: synthesize searches, so it runs when the page has painted)

let fixKey = '';
let fixTimer = 0;
let lastFix: Fix | null = null;

function scheduleFix(): void {
  const ev = current;
  const key = ev?.scenario ? JSON.stringify([ev.scenario, state.wantMode, state.wantFirst, state.wantOrder, state.glibc]) : '';
  if (key === fixKey && key !== '') return renderFix();
  fixKey = key;
  byId('fix-status').setAttribute('data-pending', '');
  clearTimeout(fixTimer);
  fixTimer = window.setTimeout(() => {
    performance.mark('gaiconf:fix-start');
    lastFix = ev?.scenario ? fixFor(state, ev.scenario) : null;
    performance.measure('gaiconf:fix', 'gaiconf:fix-start');
    renderFix();
    byId('fix-status').removeAttribute('data-pending');
  }, 0);
}

function renderFix(): void {
  const f = lastFix;
  el.fixCommand.textContent = f ? `${f.command} --format ${state.format}` : '';
  const copyButton = byId<HTMLButtonElement>('fix-copy');
  copyButton.disabled = true;
  delete el.fixStatus.dataset.status;
  if (!current?.scenario) {
    el.fixStatus.className = 'fix-status error';
    el.fixStatus.textContent = 'Fix the input first.';
    el.fixOutput.textContent = '';
    return;
  }
  if (!f) return;
  if (f.wantError) {
    el.fixStatus.className = 'fix-status error';
    fill(el.fixStatus, f.wantError.message, h('br'), h('span', { class: 'hint' }, `hint: ${f.wantError.hint}`));
    el.fixOutput.textContent = '';
    return;
  }
  const r = f.result!;
  el.fixStatus.className = `fix-status ${r.status}`;
  el.fixStatus.dataset.status = r.status;
  if (r.status === 'found') {
    fill(el.fixStatus, h('strong', {}, `A gai.conf changing ${r.size} line${r.size === 1 ? '' : 's'} of glibc’s defaults gives ${r.want}:`), h('ul', {}, r.changes.map((c) => h('li', {}, c))), afterLine(r));
  } else if (r.status === 'unchanged') {
    fill(el.fixStatus, h('strong', {}, `glibc’s default tables already give ${r.want}: no gai.conf needed.`));
  } else {
    fill(
      el.fixStatus,
      h('strong', {}, `gai.conf cannot give ${r.want}: `),
      r.reason,
      r.blockers.length ? h('ul', {}, r.blockers.map((b) => h('li', {}, b.rule === 0 ? b.text : `${b.winner} stays before ${b.wanted}: ${b.text}`))) : null,
      r.remedies.length ? [h('p', {}, 'What would work instead:'), h('ul', {}, r.remedies.map((m) => h('li', {}, m)))] : null,
    );
  }
  const out = f.outputs[state.format];
  el.fixOutput.textContent = out ?? '';
  copyButton.disabled = out === undefined;
  el.fixOutput.dataset.format = state.format;
  const copyNote = byId('fix-copy-note');
  copyNote.hidden = !(state.format === 'copy' && out !== undefined);
  fill(copyNote, 'Save it as gai.conf beside the Dockerfile, which then needs: ', h('code', {}, f.copyInstruction ?? ''));
}

function afterLine(r: NonNullable<Fix['result']>): HTMLElement | null {
  const s = r.scenarios[0];
  if (!s?.after) return null;
  return h('p', {}, `With it, glibc returns ${s.after.order.join(', ')}${s.after.explain[0] ? ` (${s.after.explain[0].ruleName})` : ''}.`);
}

// ---------------------------------------------------------------------------------------------
// The URL fragment

let urlTimer = 0;
let lastFragment = '';

function scheduleUrl(): void {
  clearTimeout(urlTimer);
  urlTimer = window.setTimeout(() => void writeUrl(), 250);
}

async function writeUrl(): Promise<string> {
  const encoded = state;
  const fragment = await encodeState(encoded);
  const url = `${location.href.split('#')[0]}#${fragment}`;
  // An edit while compressing: a newer write carries it.
  if (encoded !== state) return writeUrl();
  if (fragment !== lastFragment) {
    lastFragment = fragment;
    try {
      history.replaceState(null, '', url);
    } catch {
      // some file:// setups refuse; the Share button still gives the link
    }
  }
  el.shareLink.value = url;
  return url;
}

async function readUrl(): Promise<boolean> {
  // Only a fragment of ours is a state (#result and the like are places on the page).
  if (!isStateFragment(location.hash)) return false;
  const v = await decodeFragment(location.hash);
  if (v === null) {
    announce('The link’s state could not be read; showing the default example.', true);
    return false;
  }
  lastFragment = location.hash.slice(1);
  writeFields(coerceState(v, DEFAULT_STATE));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Helpers

function announce(text: string, banner = false): void {
  el.announce.textContent = '';
  // A change of text (after clearing) is what screen readers announce.
  requestAnimationFrame(() => (el.announce.textContent = text));
  if (banner) {
    const b = h('p', { class: 'banner warning', role: 'alert' }, text);
    document.querySelector('main')?.before(b);
  }
}

async function copy(text: string, what: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const t = h('textarea', { class: 'sr-only', 'aria-hidden': 'true', tabindex: '-1' });
    t.value = text;
    document.body.append(t);
    t.select();
    document.execCommand('copy');
    t.remove();
  }
  announce(`${what} copied.`);
}

function importScenario(value: Record<string, unknown>, note: string): void {
  const dropped = Object.keys(value).filter((k) => !['name', 'host', 'gaiConf', 'query', '$schema'].includes(k));
  writeFields(stateOfScenario(value, readFields(), true));
  update();
  announce(`${note}${dropped.length ? ` Not used here: ${dropped.join(', ')}.` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// Reading a real host

const PASTE_MAIN: (keyof IpJsonOutputs)[] = ['addr', 'route4', 'route6', 'rule4', 'rule6'];
const PASTE_MORE: (keyof IpJsonOutputs)[] = ['link', 'addrlabel', 'nexthop', 'sysctl'];
const pasteBoxes = new Map<keyof IpJsonOutputs, HTMLTextAreaElement>();

function buildPasteBoxes(): void {
  const box = (key: keyof IpJsonOutputs) => {
    const id = `paste-${key}`;
    const t = h('textarea', { id, rows: 3, wrap: 'off', spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off' });
    pasteBoxes.set(key, t);
    const required = key === 'addr' || key === 'route4' || key === 'route6';
    return h('div', { class: 'paste-box' }, h('label', { for: id }, h('code', {}, IP_JSON_COMMANDS[key]), required ? (key === 'route6' ? ' (needed when the host has IPv6)' : ' (needed)') : ' (optional)'), t);
  };
  append(byId('paste-boxes'), PASTE_MAIN.map(box));
  append(byId('paste-more'), PASTE_MORE.map(box));
}

function pasteFinding(f: Finding & { box?: HTMLTextAreaElement; where?: string }): HTMLElement {
  return h(
    'li',
    { class: `finding ${f.severity}` },
    h('span', { class: 'severity' }, f.severity),
    f.box && f.where ? h('button', { type: 'button', class: 'link where', onclick: () => goTo(f.box!, f.line ?? 1, f.column ?? 1) }, f.where) : null,
    ' ',
    h('span', { class: 'message' }, f.message),
    f.hint ? h('span', { class: 'hint' }, h('span', { class: 'hint-label' }, 'hint: '), f.hint) : null,
  );
}

function readPastedIp(): void {
  const list = byId('paste-findings');
  const findings: HTMLElement[] = [];
  const outputs: Record<string, unknown> = {};
  for (const [key, box] of pasteBoxes) {
    const text = box.value;
    if (text.trim() === '') continue;
    if (key === 'sysctl') {
      outputs[key] = text;
      continue;
    }
    const p = parseJsonWithLocation(text, IP_JSON_COMMANDS[key]);
    if (p.ok) outputs[key] = p.value;
    else findings.push(pasteFinding({ severity: 'error', box, line: p.error.line, column: p.error.column, where: `${IP_JSON_COMMANDS[key]}, line ${p.error.line}, column ${p.error.column}`, message: p.error.message, hint: p.error.hint }));
  }
  if (findings.length) return fill(list, findings);
  try {
    const c = hostFromIpJson(outputs as unknown as IpJsonOutputs);
    const s = readFields();
    writeFields({ ...s, host: prettyJson(c.host), name: s.name || 'host read from ip -j output' });
    update();
    fill(
      list,
      h('li', { class: 'finding ok' }, `Read ${c.host.interfaces.length} interface${c.host.interfaces.length === 1 ? '' : 's'}, ${(c.host.routes ?? []).length} route(s) and ${(c.host.rules ?? []).length} rule(s) into the host editor.`),
      c.warnings.map((w) => pasteFinding({ severity: 'warning', message: w })),
      c.notes.map((n) => pasteFinding({ severity: 'info', message: n })),
    );
    announce('The host was read into the host editor.');
  } catch (e) {
    if (!(e instanceof GaiconfInputError)) throw e;
    fill(
      list,
      e.errors.map((p) => {
        const m = /^outputs\.(\w+)(.*)$/.exec(p.path);
        const key = m?.[1] as keyof IpJsonOutputs | undefined;
        const box = key ? pasteBoxes.get(key) : undefined;
        let at: { line: number; column: number } | null = null;
        if (box && m) {
          const v = parseJsonWithLocation(box.value, key!);
          if (v.ok) at = locateJsonPathOrAncestor(box.value, `$${m[2]}`);
        }
        return pasteFinding({ severity: 'error', ...(box ? { box } : {}), ...(at ?? {}), where: key ? `${IP_JSON_COMMANDS[key]}${at ? `, line ${at.line}, column ${at.column}` : ''}` : p.path, message: p.message, hint: p.hint });
      }),
    );
  }
}

function readPastedCapture(): void {
  const list = byId('paste-findings');
  const box = byId<HTMLTextAreaElement>('paste-capture');
  const p = parseJsonWithLocation(box.value, 'capture');
  if (!p.ok) return fill(list, pasteFinding({ severity: 'error', box, line: p.error.line, column: p.error.column, where: `line ${p.error.line}, column ${p.error.column}`, message: p.error.message, hint: p.error.hint }));
  const v = p.value as Record<string, unknown> | null;
  if (v && typeof v === 'object' && !Array.isArray(v) && 'host' in v) {
    importScenario(v, 'The scenario was laid into the fields.');
    fill(list, h('li', { class: 'finding ok' }, 'A whole scenario: its name, host, gai.conf and query are in their fields.'));
  } else if (v && typeof v === 'object' && !Array.isArray(v) && 'interfaces' in v) {
    writeFields({ ...readFields(), host: prettyJson(v) });
    update();
    fill(list, h('li', { class: 'finding ok' }, 'The host is in the host editor.'));
    announce('The host is in the host editor.');
  } else {
    fill(list, pasteFinding({ severity: 'error', message: 'This is neither a host (an object with "interfaces") nor a scenario (an object with "host").', hint: 'Paste what `gaiconf host capture` printed.' }));
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

function populateSelects(): void {
  const group = (label: string, presets: readonly Preset[]) => h('optgroup', { label }, presets.map((p) => h('option', { value: p.id }, p.label)));
  append(el.preset, [group('Hosts', HOST_PRESETS), group('Field cases (docs/field-cases.md)', FIELD_CASES)]);
  append(el.policy, [POLICY_PRESETS.map((p) => h('option', { value: p.id }, p.label))]);
}

function wire(): void {
  for (const t of [editors.host.textarea, editors.gaiConf.textarea, editors.records.textarea, el.name, el.qname, el.wantFirst, el.wantOrder]) t.addEventListener('input', onInput);
  for (const c of [el.family, el.glibc, el.format, ...el.flags, ...el.wantModes]) c.addEventListener('change', update);
  // Typing in an input of the fix selects its mode.
  el.wantFirst.addEventListener('focus', () => setWantMode('first'));
  el.wantOrder.addEventListener('focus', () => setWantMode('order'));
  el.preset.addEventListener('change', () => {
    const p = ALL_PRESETS.find((x) => x.id === el.preset.value);
    if (!p) return;
    writeFields(stateOfPreset(p, readFields()));
    update();
    announce(`${p.label}: loaded.`);
  });
  el.policy.addEventListener('change', () => {
    const p = POLICY_PRESETS.find((x) => x.id === el.policy.value);
    if (!p) return;
    editors.gaiConf.value = p.text;
    update();
  });
  // The skip link moves focus without touching the fragment, which holds the state.
  byId('skip').addEventListener('click', (e) => {
    e.preventDefault();
    byId('result').focus();
  });
  byId('fix-copy').addEventListener('click', () => void copy(el.fixOutput.textContent ?? '', 'The fix'));
  byId('fix-command-copy').addEventListener('click', () => void copy(el.fixCommand.textContent ?? '', 'The command'));
  byId('cli-copy').addEventListener('click', () => void copy(el.cliCommands.textContent ?? '', 'The commands'));
  byId('share-copy').addEventListener('click', () => void writeUrl().then((url) => copy(url, 'The link')));
  el.download.addEventListener('click', download);
  byId('paste-read').addEventListener('click', readPastedIp);
  byId('paste-read-capture').addEventListener('click', readPastedCapture);
  byId<HTMLInputElement>('open-file').addEventListener('change', (e) => void openFile(e.target as HTMLInputElement));
  window.addEventListener('hashchange', () => {
    if (location.hash.slice(1) === lastFragment) return;
    void readUrl().then((ok) => ok && update());
  });
}

function setWantMode(mode: 'first' | 'order'): void {
  const r = el.wantModes.find((x) => x.value === mode);
  if (r && !r.checked) {
    r.checked = true;
    update();
  }
}

function onInput(e: Event): void {
  // A whole scenario pasted into the host editor goes to its fields.
  if (e.target === editors.host.textarea && /"host"\s*:/.test(editors.host.value)) {
    const p = parseJsonWithLocation(editors.host.value, 'host');
    const v = p.ok ? (p.value as Record<string, unknown> | null) : null;
    if (v && typeof v === 'object' && !Array.isArray(v) && 'host' in v && !('interfaces' in v)) {
      importScenario(v, 'A whole scenario was pasted: its name, gai.conf and query went to their fields.');
      return;
    }
  }
  update();
}

function download(): void {
  if (!current?.scenario) return;
  const blob = new Blob([`${JSON.stringify(current.scenario, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: 'scenario.json', class: 'sr-only' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function openFile(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  const text = await file.text();
  byId<HTMLTextAreaElement>('paste-capture').value = text;
  readPastedCapture();
  input.value = '';
}

async function boot(): Promise<void> {
  byId('version').textContent = `gaiconf ${pkg.version}.`;
  populateSelects();
  buildPasteBoxes();
  wire();
  writeFields(DEFAULT_STATE);
  await readUrl();
  update();
  performance.mark('gaiconf:first-result');
  document.documentElement.dataset.ready = 'true';
}

void boot();

/** For tests and people at the console: the scenario the page would download. */
(window as unknown as { gaiconfPlayground: unknown }).gaiconfPlayground = {
  state: () => readFields(),
  scenario: () => (current?.scenario ? structuredClone(current.scenario) : scenarioOf(readFields(), null)),
  encode: (s: State) => encodeState(s),
  decode: (f: string) => decodeFragment(f),
};
