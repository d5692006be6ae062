// The shape of what Slack posts to /slack/events, checked before Bolt sees it. Bolt reads these
// fields without checking them (a `null` body, a team id of "constructor" or an `event` that is a
// string throw inside it), so a signed request that does not have them is answered 400 here.
import { parse as parseForm } from 'node:querystring';
import { z } from 'zod';
import { SlackChannelId, SlackUserId } from '../../domain/slack-ids.js';

/** A workspace id. Bolt keeps a client per team id in a plain object, so nothing else may pass. */
const TeamId = z.string().regex(/^T[A-Z0-9]{2,}$/, { error: 'is not a Slack team id' });
const EnterpriseId = z.string().regex(/^E[A-Z0-9]{2,}$/, { error: 'is not a Slack enterprise id' });
/** A key that would make Bolt take the request for another kind (it looks for `event` first, then `command`…). */
const absent = z.never().optional();

const Option = z.looseObject({ value: z.string() });
/** What a block element reports: in `actions[]` when it is used, in `state.values` for every input. */
const elementValues = {
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: Option.nullable().optional(),
  selected_options: z.array(Option).optional(),
  selected_date: z.string().nullable().optional(),
  selected_time: z.string().nullable().optional(),
  selected_date_time: z.number().nullable().optional(),
  selected_user: z.string().nullable().optional(),
  selected_users: z.array(z.string()).optional(),
  selected_conversation: z.string().nullable().optional(),
  selected_conversations: z.array(z.string()).optional(),
  selected_channel: z.string().nullable().optional(),
  selected_channels: z.array(z.string()).optional(),
};
const Action = z.looseObject({ ...elementValues, action_id: z.string(), block_id: z.string() });
const StateValues = z.record(z.string(), z.record(z.string(), z.looseObject(elementValues)));

const View = z.looseObject({
  id: z.string(),
  type: z.string(),
  callback_id: z.string(),
  state: z.object({ values: StateValues }),
  blocks: z.array(z.unknown()).optional(),
  private_metadata: z.string().optional(),
  hash: z.string().optional(),
  external_id: z.string().optional(),
  root_view_id: z.string().nullable().optional(),
  previous_view_id: z.string().nullable().optional(),
  app_installed_team_id: TeamId.optional(),
});

const interaction = {
  user: z.looseObject({ id: SlackUserId, team_id: z.string().optional() }),
  team: z.looseObject({ id: TeamId, enterprise_id: EnterpriseId.optional() }),
  enterprise: z.looseObject({ id: EnterpriseId }).nullable().optional(),
  is_enterprise_install: z.boolean().optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  channel: z.looseObject({ id: SlackChannelId }).optional(),
  container: z.looseObject({ type: z.string() }).optional(),
  event: absent,
  command: absent,
  name: absent,
};

/** The `payload` of an interaction, by its type. */
const interactions = {
  block_actions: z.looseObject({
    ...interaction,
    actions: z.array(Action).min(1),
    view: View.optional(),
    message: z.looseObject({ ts: z.string() }).optional(),
    state: z.object({ values: StateValues }).optional(),
  }),
  block_suggestion: z.looseObject({
    ...interaction,
    action_id: z.string(),
    block_id: z.string(),
    value: z.string(),
    view: View.optional(),
  }),
  view_submission: z.looseObject({ ...interaction, view: View, actions: absent }),
  view_closed: z.looseObject({
    ...interaction,
    view: View,
    is_cleared: z.boolean().optional(),
    actions: absent,
  }),
  shortcut: z.looseObject({
    ...interaction,
    callback_id: z.string(),
    trigger_id: z.string(),
    actions: absent,
  }),
  message_action: z.looseObject({
    ...interaction,
    callback_id: z.string(),
    trigger_id: z.string(),
    channel: z.looseObject({ id: SlackChannelId }),
    message: z.looseObject({ ts: z.string() }),
    actions: absent,
  }),
};

const objectWithId = z.looseObject({ id: z.string() });
/** The fields of an event that Bolt reads to find its channel and user. */
const Event = z.looseObject({
  type: z.string().min(1),
  user: z.union([z.string(), objectWithId]).optional(),
  channel: z.union([z.string(), objectWithId]).optional(),
  channel_id: z.string().optional(),
  item: z.looseObject({}).optional(),
  subteam: z.looseObject({}).optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  event_ts: z.string().optional(),
});

/** A JSON body (Events API), by its type. */
const callbacks = {
  url_verification: z.looseObject({ challenge: z.string() }),
  event_callback: z.looseObject({
    team_id: TeamId,
    enterprise_id: EnterpriseId.nullable().optional(),
    api_app_id: z.string(),
    event_id: z.string().min(1),
    event_time: z.number(),
    event: Event,
    authorizations: z
      .array(
        z.looseObject({
          team_id: TeamId.nullable(),
          enterprise_id: EnterpriseId.nullable().optional(),
          is_enterprise_install: z.boolean().optional(),
        }),
      )
      .optional(),
  }),
};

/** A slash command's form fields (each given once: checked before). */
const SlashCommand = z.looseObject({
  command: z.string().regex(/^\/\S+$/, { error: 'is not a slash command' }),
  team_id: TeamId,
  user_id: SlackUserId,
  channel_id: SlackChannelId,
  enterprise_id: EnterpriseId.optional(),
  is_enterprise_install: z.enum(['true', 'false']).optional(),
  event: absent,
});

/** Slack payloads nest about a dozen levels deep; far deeper is an attack on whatever recurses over it. */
export const maxNesting = 64;

export type SlackBody = { ok: true } | { ok: false; reason: string };

const refuse = (reason: string): SlackBody => ({ ok: false, reason });

/** True when `json` opens more than `limit` arrays or objects inside each other (strings skipped). */
function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i += 1) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

function parseJson(text: string, what: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (nestsDeeperThan(text, maxNesting))
    return { ok: false, reason: `${what} nests deeper than ${maxNesting}` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `${what} is not JSON (${(error as Error).message.slice(0, 80)})` };
  }
}

/** The first problem zod found, as `type: path: message`. */
function firstIssue(kind: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') || '(body)';
  return `${kind}: ${path}: ${issue?.message ?? 'invalid'}`;
}

function checkTyped(value: unknown, schemas: Record<string, z.ZodType>, what: string): SlackBody {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(
      `${what} is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not an object`,
    );
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) {
    return refuse(
      `${what} has ${typeof type === 'string' ? `an unknown type "${type.slice(0, 40)}"` : 'no type'}`,
    );
  }
  const checked = schemas[type]!.safeParse(value);
  return checked.success ? { ok: true } : refuse(firstIssue(type, checked.error));
}

/**
 * Checks a signed body the way Bolt will read it: form-encoded with `payload=` JSON for
 * interactions, form fields for slash commands (and Slack's `ssl_check`), JSON for the Events API.
 */
export function checkSlackBody(contentType: string | undefined, text: string): SlackBody {
  // Bolt reads a body as a form only when the header is exactly this, and as JSON otherwise.
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = parseForm(text);
    const repeated = Object.keys(form).find((key) => Array.isArray(form[key]));
    if (repeated !== undefined) return refuse(`${repeated.slice(0, 40)} is given more than once`);
    if (typeof form.payload !== 'string') {
      const checked = SlashCommand.safeParse(form);
      return checked.success ? { ok: true } : refuse(firstIssue('slash command', checked.error));
    }
    const payload = parseJson(form.payload, 'payload');
    return payload.ok ? checkTyped(payload.value, interactions, 'payload') : payload;
  }
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return refuse(
      `content type ${JSON.stringify(contentType?.slice(0, 60) ?? null)} is neither a form nor JSON`,
    );
  }
  const body = parseJson(text, 'body');
  return body.ok ? checkTyped(body.value, callbacks, 'body') : body;
}
