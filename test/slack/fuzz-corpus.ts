// Signed bodies Slack would never send, made from real payload shapes by a seeded generator, so a
// failing case can be made again from its seed and index. Every case is one the app must refuse.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

export interface FuzzCase {
  name: string;
  body: string;
  contentType: string;
}

export interface FuzzBases {
  userId: string;
  teamId: string;
  appId: string;
  channelId: string;
  /** A view as Slack sends it in payloads (state included), e.g. a home tab. */
  homeView: Json;
  /** An open modal as Slack sends it in view_submission. */
  modalView: Json;
}

const form = 'application/x-www-form-urlencoded';
const json = 'application/json';

/** mulberry32: small, fast and good enough to pick mutations. */
function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Random = ReturnType<typeof seededRandom>;

/** Code points people and attackers paste: controls, lone surrogates, bidi overrides, combining marks, emoji, CJK. */
const codePointRanges: Array<[number, number]> = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
  [0xd800, 0xdfff],
  [0x202a, 0x202e],
  [0x2066, 0x2069],
  [0x0300, 0x036f],
  [0xfff0, 0xffff],
  [0x1f300, 0x1faff],
  [0x4e00, 0x4eff],
  [0x20, 0x7e],
];

function garbageText(random: Random, maxLength = 40): string {
  let text = '';
  const length = 1 + random.int(maxLength);
  for (let i = 0; i < length; i += 1) {
    const [from, to] = random.pick(codePointRanges);
    text += String.fromCodePoint(from + random.int(to - from + 1));
  }
  return text;
}

/** Strings that look like ids but are not: what a careless or hostile client puts in id fields. */
const notIds = [
  '',
  ' ',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'u0admin01',
  'U',
  'U0ADMIN01 ',
  ' U0ADMIN01',
  'U0ADMIN01\u0000',
  'Ｕ０ＡＤＭＩＮ０１',
  'U0ADM\u202eIN01',
  '𝕌𝟘𝔸𝔻𝕄𝕀ℕ',
  'null',
  'undefined',
  'T0STANDIN\n',
  '../../etc/passwd',
  '<script>',
  'x'.repeat(5000),
];

/** Percent-encodes as a form does; lone surrogates become U+FFFD, as they do on the wire. */
const formEncode = (text: string) => new URLSearchParams({ x: text }).toString().slice(2);

const deepMarker = '"__deep_nesting__"';

/** Nesting past the limit; 10⁵ deep is sent a few times only (fuzzCases), as it is 0.5–1.3 MB. */
function deepNesting(random: Random, depth = random.pick([65, 100, 1_000, 10_000])): string {
  return random.next() < 0.5
    ? '['.repeat(depth) + ']'.repeat(depth)
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** A JSON value of a different kind than `kind`. */
function wrongValue(random: Random, kind: Kind): Json {
  const candidates: Json[] = [
    null,
    0,
    -1,
    1.5,
    1e308,
    true,
    false,
    [],
    [1, 2],
    ['a'],
    {},
    { id: 'U0ADMIN01' },
    '',
    'x',
    garbageText(random),
  ];
  const fits = (value: Json): boolean => {
    switch (kind) {
      case 'string':
        return typeof value === 'string';
      case 'nullableString':
        return typeof value === 'string' || value === null;
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'array':
        return Array.isArray(value);
      case 'nonEmptyArray':
        return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object';
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      case 'userId':
      case 'teamId':
        return false;
    }
  };
  const wrong = candidates.filter((value) => !fits(value));
  if ((kind === 'userId' || kind === 'teamId') && random.next() < 0.6) return random.pick(notIds);
  return random.pick(wrong);
}

/**
 * What each field of a payload must be, as Slack sends it. `nullableString` may be null or absent,
 * the rest must be present (or, for optional fields, absent) with this kind.
 */
type Kind =
  | 'string'
  | 'nullableString'
  | 'object'
  | 'array'
  | 'nonEmptyArray'
  | 'number'
  | 'boolean'
  | 'userId'
  | 'teamId';

interface Field {
  path: Path;
  kind: Kind;
  /** Removing it makes the payload invalid. */
  required: boolean;
}

interface Base {
  name: string;
  value: { [key: string]: Json };
  fields: Field[];
  /** Keys that make Bolt take it for another kind of request. */
  forbidden: string[];
  encoding: 'payload' | 'json' | 'form';
}

const req = (kind: Kind, ...path: Path): Field => ({ path, kind, required: true });
const opt = (kind: Kind, ...path: Path): Field => ({ path, kind, required: false });

const interactionFields: Field[] = [
  req('string', 'type'),
  req('object', 'user'),
  req('userId', 'user', 'id'),
  req('object', 'team'),
  req('teamId', 'team', 'id'),
  opt('string', 'trigger_id'),
  opt('object', 'container'),
  opt('string', 'container', 'type'),
];

function viewFields(...at: Path): Field[] {
  return [
    req('object', ...at),
    req('string', ...at, 'id'),
    req('string', ...at, 'type'),
    req('string', ...at, 'callback_id'),
    req('object', ...at, 'state'),
    req('object', ...at, 'state', 'values'),
    opt('string', ...at, 'private_metadata'),
    opt('string', ...at, 'hash'),
    opt('array', ...at, 'blocks'),
    opt('nullableString', ...at, 'root_view_id'),
    opt('teamId', ...at, 'app_installed_team_id'),
  ];
}

/** Interactions that Bolt would take for block_actions if they carried `actions`. */
const takenForBlockActions = new Set(['view_submission', 'view_closed', 'shortcut']);

/** The fields of an optional object: it may go, but what it holds may not. */
const optional = (fields: Field[]): Field[] =>
  fields.map((field, i) => (i === 0 ? { ...field, required: false } : field));

/** A view with its first blocks only: the envelope is what is fuzzed, and small bodies keep the run short. */
function trimmed(view: Json): Json {
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return view;
  return { ...view, blocks: Array.isArray(view.blocks) ? view.blocks.slice(0, 3) : [] };
}

function bases(from: FuzzBases): Base[] {
  const b = { ...from, homeView: trimmed(from.homeView), modalView: trimmed(from.modalView) };
  const user = { id: b.userId, username: 'avery', name: 'avery', team_id: b.teamId };
  const team = { id: b.teamId, domain: 'standin' };
  const common = {
    user,
    api_app_id: b.appId,
    token: 'legacy',
    team,
    enterprise: null,
    is_enterprise_install: false,
  };
  /** An interaction posted as `payload=`. */
  const interaction = (
    name: string,
    type: string,
    value: { [key: string]: Json },
    fields: Field[],
  ): Base => ({
    name,
    encoding: 'payload',
    forbidden: ['event', 'command', 'name', ...(takenForBlockActions.has(type) ? ['actions'] : [])],
    value: { type, ...common, ...value },
    fields: [...interactionFields, ...fields],
  });
  /** An Events API delivery of `event`, with the fields every one must have. */
  const eventCallback = (
    name: string,
    eventId: string,
    event: { [key: string]: Json },
    fields: Field[],
  ): Base => ({
    name,
    encoding: 'json',
    forbidden: [],
    value: {
      token: 'legacy',
      team_id: b.teamId,
      api_app_id: b.appId,
      type: 'event_callback',
      event_id: eventId,
      event_time: 1_700_000_000,
      event,
      authorizations: [
        {
          enterprise_id: null,
          team_id: b.teamId,
          user_id: 'U0BOT',
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    },
    fields: [
      req('string', 'type'),
      req('teamId', 'team_id'),
      req('string', 'api_app_id'),
      req('string', 'event_id'),
      req('number', 'event_time'),
      req('object', 'event'),
      req('string', 'event', 'type'),
      opt('array', 'authorizations'),
      opt('object', 'authorizations', 0),
      opt('boolean', 'authorizations', 0, 'is_enterprise_install'),
      ...fields,
    ],
  });
  const button = {
    type: 'button',
    action_id: 'home_refresh',
    block_id: 'home_actions',
    text: { type: 'plain_text', text: 'Refresh', emoji: true },
    value: 'refresh',
    action_ts: '1700000000.000100',
  };
  const select = {
    type: 'static_select',
    action_id: 'ticket_status',
    block_id: 'status',
    selected_option: { text: { type: 'plain_text', text: 'Open' }, value: 'open' },
    action_ts: '1700000000.000200',
  };
  return [
    interaction(
      'block_actions from a message',
      'block_actions',
      {
        container: {
          type: 'message',
          message_ts: '1700000000.000001',
          channel_id: b.channelId,
          is_ephemeral: false,
        },
        trigger_id: '1.2.3',
        channel: { id: b.channelId, name: 'directmessage' },
        message: { type: 'message', ts: '1700000000.000001', text: 'hello', blocks: [] },
        state: { values: { status: { ticket_status: { type: 'static_select', selected_option: null } } } },
        response_url: 'http://127.0.0.1:9/response',
        actions: [button],
      },
      [
        req('nonEmptyArray', 'actions'),
        req('object', 'actions', 0),
        req('string', 'actions', 0, 'action_id'),
        req('string', 'actions', 0, 'block_id'),
        req('string', 'actions', 0, 'type'),
        opt('nullableString', 'actions', 0, 'value'),
        opt('object', 'channel'),
        req('string', 'channel', 'id'),
        opt('object', 'message'),
        req('string', 'message', 'ts'),
        opt('object', 'state'),
        req('object', 'state', 'values'),
        opt('object', 'state', 'values', 'status'),
        opt('object', 'state', 'values', 'status', 'ticket_status'),
        req('string', 'state', 'values', 'status', 'ticket_status', 'type'),
        opt('string', 'response_url'),
        opt('boolean', 'is_enterprise_install'),
      ],
    ),
    interaction(
      'block_actions from a view',
      'block_actions',
      {
        container: { type: 'view', view_id: 'V0HOME' },
        trigger_id: '1.2.4',
        view: b.homeView,
        actions: [select],
      },
      [
        req('nonEmptyArray', 'actions'),
        req('string', 'actions', 0, 'action_id'),
        req('string', 'actions', 0, 'block_id'),
        opt('object', 'actions', 0, 'selected_option'),
        req('string', 'actions', 0, 'selected_option', 'value'),
        ...optional(viewFields('view')),
      ],
    ),
    interaction(
      'view_submission',
      'view_submission',
      { trigger_id: '1.2.5', view: b.modalView, response_urls: [] },
      viewFields('view'),
    ),
    interaction('view_closed', 'view_closed', { view: b.modalView, is_cleared: false }, [
      ...viewFields('view'),
      opt('boolean', 'is_cleared'),
    ]),
    interaction(
      'block_suggestion',
      'block_suggestion',
      {
        container: { type: 'view', view_id: 'V0MODAL' },
        action_id: 'ticket_config_search',
        block_id: 'config',
        value: 'lsa',
        view: b.modalView,
      },
      [
        req('string', 'action_id'),
        req('string', 'block_id'),
        req('string', 'value'),
        ...optional(viewFields('view')),
      ],
    ),
    interaction('shortcut', 'shortcut', { callback_id: 'open_case', trigger_id: '1.2.6', action_ts: '1.2' }, [
      req('string', 'callback_id'),
      req('string', 'trigger_id'),
    ]),
    eventCallback(
      'app_home_opened event',
      'Ev0FUZZ0001',
      { type: 'app_home_opened', user: b.userId, channel: b.channelId, tab: 'home', event_ts: '1.2' },
      [opt('string', 'event', 'event_ts')],
    ),
    eventCallback(
      'message event',
      'Ev0FUZZ0002',
      {
        type: 'message',
        user: b.userId,
        channel: b.channelId,
        channel_type: 'im',
        text: 'hi',
        ts: '1700000000.000300',
        event_ts: '1700000000.000300',
        item: { channel: b.channelId },
        subteam: { id: 'S0TEAM' },
      },
      [
        opt('string', 'event', 'ts'),
        opt('string', 'event', 'thread_ts'),
        opt('object', 'event', 'item'),
        opt('object', 'event', 'subteam'),
      ],
    ),
    {
      name: 'url_verification',
      encoding: 'json',
      forbidden: [],
      value: { token: 'legacy', challenge: 'challenge-fuzz', type: 'url_verification' },
      fields: [req('string', 'type'), req('string', 'challenge')],
    },
    {
      name: 'slash command',
      encoding: 'form',
      forbidden: ['event'],
      value: {
        token: 'legacy',
        team_id: b.teamId,
        team_domain: 'standin',
        channel_id: b.channelId,
        channel_name: 'directmessage',
        user_id: b.userId,
        user_name: 'avery',
        command: '/otto',
        text: 'roles grant <@U0STRANGE> admin',
        api_app_id: b.appId,
        is_enterprise_install: 'false',
        response_url: 'http://127.0.0.1:9/response',
        trigger_id: '1.2.7',
      },
      // Form fields are all strings: the wrong kinds there are missing, repeated and malformed ones.
      fields: [
        req('string', 'command'),
        req('teamId', 'team_id'),
        req('userId', 'user_id'),
        req('string', 'channel_id'),
      ],
    },
  ];
}

function getAt(value: Json, path: Path): Json | undefined {
  let at: Json | undefined = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, Json>)[key];
  }
  return at;
}

/** A copy of `value` with the field at `path` set to `to`, or removed when `to` is undefined. */
function setAt(value: Json, path: Path, to: Json | undefined): Json {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  if (to === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = to;
  return copy;
}

function encode(base: Base, value: Json): FuzzCase {
  const text = JSON.stringify(value);
  if (base.encoding === 'json') return { name: base.name, body: text, contentType: json };
  if (base.encoding === 'payload') {
    return { name: base.name, body: new URLSearchParams({ payload: text }).toString(), contentType: form };
  }
  const fields = value as Record<string, string>;
  return { name: base.name, body: new URLSearchParams(fields).toString(), contentType: form };
}

/** Replaces the deep-nesting marker after encoding, so JSON.stringify never walks the nesting. */
function withDeepNesting(fuzz: FuzzCase, random: Random, depth?: number): FuzzCase {
  const deep = deepNesting(random, depth);
  if (fuzz.contentType === json) return { ...fuzz, body: fuzz.body.replace(deepMarker, deep) };
  const encodedMarker = formEncode(deepMarker);
  return { ...fuzz, body: fuzz.body.replace(encodedMarker, formEncode(deep)) };
}

type Mutation = (random: Random, base: Base) => FuzzCase;

const mutations: Record<string, Mutation> = {
  'missing field': (random, base) => {
    const field = random.pick(base.fields.filter((f) => f.required));
    return named(encode(base, setAt(base.value, field.path, undefined)), `without ${field.path.join('.')}`);
  },
  'wrong type': (random, base) => {
    if (base.encoding === 'form') return mutations['malformed form field']!(random, base);
    const field = random.pick(base.fields);
    const to = wrongValue(random, field.kind);
    return named(encode(base, setAt(base.value, field.path, to)), `${field.path.join('.')} = ${short(to)}`);
  },
  'id that is not an id': (random, base) => {
    const ids = base.fields.filter((f) => f.kind === 'userId' || f.kind === 'teamId');
    if (ids.length === 0) return mutations['wrong type']!(random, base);
    const field = random.pick(ids);
    const to = random.next() < 0.5 ? random.pick(notIds) : garbageText(random);
    return named(encode(base, setAt(base.value, field.path, to)), `${field.path.join('.')} = ${short(to)}`);
  },
  'another kind’s key': (random, base) => {
    if (base.forbidden.length === 0) return mutations['unknown type']!(random, base);
    const key = random.pick(base.forbidden);
    const to = base.encoding === 'form' ? garbageText(random) : wrongValue(random, 'nullableString');
    return named(encode(base, { ...base.value, [key]: to }), `with ${key} = ${short(to)}`);
  },
  'unknown type': (random, base) => {
    if (base.encoding === 'form') return mutations['malformed form field']!(random, base);
    const type = random.pick([
      'block_action',
      'BLOCK_ACTIONS',
      'interactive_message',
      'dialog_submission',
      'event_callback ',
      'app_rate_limited',
      'constructor',
      '__proto__',
      garbageText(random),
      base.encoding === 'json' ? 'block_actions' : 'event_callback',
    ]);
    return named(encode(base, { ...base.value, type }), `type = ${short(type)}`);
  },
  'deep nesting': (random, base) => {
    const spots: Path[] = [['extra'], ...base.fields.map((f) => f.path)];
    const path = random.pick(spots);
    const marked = setAt(base.value, path, '__deep_nesting__');
    const fuzz =
      base.encoding === 'form' ? encode({ ...base, encoding: 'payload' }, marked) : encode(base, marked);
    return named(withDeepNesting(fuzz, random), `deep nesting at ${path.join('.')}`);
  },
  'broken JSON': (random, base) => {
    const text = JSON.stringify(base.value);
    const broken = random.pick([
      () => text.slice(0, 1 + random.int(text.length - 1)),
      () => text + random.pick(['x', ',', '}', ']', '{}', garbageText(random, 5)]),
      () => `{${random.pick([',', ':', ']', '}'])}${text.slice(1)}`,
      () => text.replace(/"/g, "'"),
      () => `\ufeff${text}`,
    ])();
    if (base.encoding === 'json')
      return { name: `${base.name}: broken JSON`, body: broken, contentType: json };
    return {
      name: `${base.name}: broken JSON payload`,
      body: new URLSearchParams({ payload: broken }).toString(),
      contentType: form,
    };
  },
  'wrong content type': (random, base) => {
    const fuzz = encode(base, base.value);
    const wrong =
      fuzz.contentType === form
        ? random.pick([
            'application/json',
            'text/plain',
            'multipart/form-data; boundary=x',
            'application/x-www-form-urlencoded; charset=utf-8',
            'APPLICATION/X-WWW-FORM-URLENCODED',
            'application/xml',
            '',
          ])
        : random.pick([
            'application/x-www-form-urlencoded',
            'text/plain',
            'text/json',
            'application/jsonp',
            'application/xml',
            'multipart/form-data; boundary=x',
            '',
          ]);
    return { ...fuzz, name: `${base.name} sent as ${JSON.stringify(wrong)}`, contentType: wrong };
  },
  'malformed form field': (random, base) => {
    if (base.encoding !== 'form') {
      const payload = JSON.stringify(base.value);
      const body = random.pick([
        `payload=${formEncode(payload)}&payload=${formEncode(payload)}`,
        `payload[]=${formEncode(payload)}`,
        `payload=${formEncode(garbageText(random))}`,
        'payload=',
        `payload=${formEncode(payload)}`.replace('payload=', 'Payload='),
      ]);
      return { name: `${base.name}: ${short(body)}`, body, contentType: form };
    }
    const fields = base.value as Record<string, string>;
    const params = new URLSearchParams(fields);
    const field = random.pick(base.fields);
    const how = random.int(3);
    if (how === 0) params.append(String(field.path[0]), String(fields[String(field.path[0])]));
    else if (how === 1) params.set(String(field.path[0]), random.pick(notIds));
    else
      params.set(
        'command',
        random.pick(['otto', '', '/', '/ otto', '/otto\n', `otto${garbageText(random)}`]),
      );
    return { name: `${base.name}: ${short(params.toString())}`, body: params.toString(), contentType: form };
  },
};

/** Bodies that are not a payload at all. */
function garbageBody(random: Random): FuzzCase {
  const contentType = random.pick([json, form]);
  const raw = random.pick([
    () => '',
    () => 'null',
    () => 'true',
    () => '0',
    () => '"block_actions"',
    () => '[]',
    () => '[{}]',
    () => '{}',
    () => '{"type":null}',
    () => '{"type":"event_callback"}',
    () => '{"type":"block_actions"}',
    () => 'payload=null',
    () => 'payload=%7B%7D',
    () => 'payload=%5B%5D',
    () => 'payload=1',
    () => 'payload=%22x%22',
    () => 'payload=true',
    () => 'ssl_check=0',
    () => 'ssl_check=1&ssl_check=1',
    () => garbageText(random, 200),
    () => formEncode(garbageText(random, 200)),
    () => `payload=${formEncode(garbageText(random, 200))}`,
    () => deepNesting(random),
    () => `payload=${formEncode(deepNesting(random))}`,
  ])();
  return { name: `garbage body ${short(raw)}`, body: raw, contentType };
}

function named(fuzz: FuzzCase, what: string): FuzzCase {
  return { ...fuzz, name: `${fuzz.name}: ${what}` };
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The bases with only the fields they have a place for (an optional parent may be missing). */
function applicableBases(from: FuzzBases): Base[] {
  return bases(from).map((base) => ({
    ...base,
    fields: base.fields.filter((field) => {
      const parent = getAt(base.value, field.path.slice(0, -1));
      return typeof parent === 'object' && parent !== null;
    }),
  }));
}

/**
 * `count` malformed bodies, the same ones for the same seed. Made one at a time as they are taken,
 * so making them never holds up the event loop for long (an idle keep-alive socket could close
 * under a request then).
 */
export function* fuzzCases(seed: number, count: number, from: FuzzBases): Generator<FuzzCase> {
  const random = seededRandom(seed);
  const all = applicableBases(from);
  const kinds = Object.values(mutations);
  const [payloadBase] = all;
  const hugelyDeep = deepNesting(random, 100_000);
  yield { name: 'JSON body nested 10⁵ deep', body: hugelyDeep, contentType: json };
  yield { name: 'payload nested 10⁵ deep', body: `payload=${formEncode(hugelyDeep)}`, contentType: form };
  yield named(
    withDeepNesting(
      encode(payloadBase!, { ...payloadBase!.value, extra: '__deep_nesting__' }),
      random,
      100_000,
    ),
    'nested 10⁵ deep in an unknown field',
  );
  for (let i = 3; i < count; i += 1) {
    const fuzz = random.next() < 0.1 ? garbageBody(random) : random.pick(kinds)(random, random.pick(all));
    yield { ...fuzz, name: `#${i} ${fuzz.name}` };
  }
}

/** The unmutated payloads, each as it would be sent: the control that the mutations are what is refused. */
export function validCases(from: FuzzBases): FuzzCase[] {
  return bases(from).map((base) => encode(base, base.value));
}
