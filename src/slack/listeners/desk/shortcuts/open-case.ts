import type {
  AllMiddlewareArgs,
  App,
  GlobalShortcut,
  MessageShortcut,
  SlackShortcutMiddlewareArgs,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { type CaseFormLimits, renderCaseForm } from '../../../../../blocks/desk/case-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import { caseFormChoices } from '../../../../services/desk/cases/case-form.js';
import {
  caseDescriptionMaxLength,
  caseFileMaxBytes,
  caseFilesMaxCount,
  caseFilesMaxTotalBytes,
  caseSubjectMaxLength,
} from '../../../../services/desk/cases/open-case.js';
import { ids } from '../../../ids.js';
import { explainErrorText } from '../../../plumbing/answers.js';
import { lookUpUserInTime, type SlackUser, slackNameOf } from '../../../plumbing/look-up-user.js';
import { mentionedUsers, readableSlackText } from '../../../plumbing/slack-text.js';
import type { CaseFormMetadata } from '../../../values/desk.js';

const megabytes = (bytes: number) => bytes / 1024 / 1024;

/** A text input takes at most 3,000 characters (Block Kit). */
const textInputMaxLength = 3000;

/** The case form's limits, as `openCase` keeps them (a longer description comes by e-mail only). */
export const caseFormLimits: CaseFormLimits = {
  subject: caseSubjectMaxLength,
  description: Math.min(caseDescriptionMaxLength, textInputMaxLength),
  files: caseFilesMaxCount,
  fileMb: megabytes(caseFileMaxBytes),
  totalMb: megabytes(caseFilesMaxTotalBytes),
};

/** The opener's name and address for the form to carry; none when Slack did not say. */
export function reporterOf(user: SlackUser | undefined): CaseFormMetadata['reporter'] {
  if (!user) return undefined;
  const email = user.profile?.email;
  return {
    name: slackNameOf(user)?.slice(0, 200) ?? null,
    email: email && z.email().max(254).safeParse(email).success ? email : null,
  };
}

/** Opens the case form over the interaction that asked for it (its trigger lives 3 seconds). */
export async function openCaseForm(
  ctx: ServiceContext,
  client: WebClient,
  opening: { userId: string; triggerId: string; description?: string | undefined },
): Promise<void> {
  const [choices, opener] = await Promise.all([
    caseFormChoices(ctx, opening.userId),
    lookUpUserInTime(client, opening.userId),
  ]);
  await client.views.open({
    trigger_id: opening.triggerId,
    view: renderCaseForm({
      ...choices,
      opener: opening.userId,
      reporter: reporterOf(opener),
      description: opening.description,
      limits: caseFormLimits,
    }),
  });
}

/** Slack answers a permalink at once; past this the form opens without it (the trigger would expire). */
const permalinkTimeoutMs = 1000;

async function inTime<T>(work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, permalinkTimeoutMs, undefined);
  });
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What "Open a case from this message" puts in the description: the message as people read it
 * (mentions by name), and its link, so the staff can go to the conversation it came from.
 */
async function descriptionFrom(
  client: WebClient,
  message: { text: string; channel: string; ts: string },
): Promise<string> {
  const mentioned = mentionedUsers(message.text).slice(0, 10);
  const [permalink, ...people] = await Promise.all([
    inTime(client.chat.getPermalink({ channel: message.channel, message_ts: message.ts })),
    ...mentioned.map((id) => lookUpUserInTime(client, id)),
  ]);
  const names = new Map<string, string>();
  people.forEach((person, i) => {
    const name = person && slackNameOf(person);
    if (name) names.set(mentioned[i]!, name);
  });
  const text = readableSlackText(message.text, names).trim();
  const link = permalink?.permalink ? `From this message in Slack: ${permalink.permalink}` : undefined;
  // The link goes first when the text is long, so the input's limit cuts the text, not the link.
  if (!link) return text;
  if (text === '') return link;
  return text.length + link.length + 2 > caseFormLimits.description
    ? `${link}\n\n${text}`
    : `${text}\n\n${link}`;
}

/** A shortcut has no place to answer in: why the form did not open goes to the person by DM. */
async function tellOpener(
  client: WebClient,
  userId: string,
  error: unknown,
  log: (...args: unknown[]) => void,
): Promise<void> {
  try {
    await client.chat.postMessage({ channel: userId, text: explainErrorText(error, log) });
  } catch (failed) {
    log('could not tell why the case form did not open', failed);
  }
}

const MessageAction = z.object({
  user: z.object({ id: z.string() }),
  trigger_id: z.string().min(1),
  channel: z.object({ id: z.string() }),
  message: z.object({ ts: z.string(), text: z.string().max(40_000).nullish() }),
});

/** "Open a case" (global) and "Open a case from this message" (message) shortcuts. */
export function registerCaseShortcuts(app: App, ctx: ServiceContext): void {
  app.shortcut<GlobalShortcut>(
    { callback_id: ids.caseShortcut, type: 'shortcut' },
    async ({
      ack,
      shortcut,
      client,
      logger,
    }: AllMiddlewareArgs & SlackShortcutMiddlewareArgs<GlobalShortcut>) => {
      await ack();
      try {
        await openCaseForm(ctx, client, { userId: shortcut.user.id, triggerId: shortcut.trigger_id });
      } catch (error) {
        await tellOpener(client, shortcut.user.id, error, logger.error.bind(logger));
      }
    },
  );
  app.shortcut<MessageShortcut>(
    { callback_id: ids.caseFromMessage, type: 'message_action' },
    async ({
      ack,
      shortcut,
      client,
      logger,
    }: AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>) => {
      await ack();
      const parsed = MessageAction.safeParse(shortcut);
      if (!parsed.success) return;
      const { user, trigger_id: triggerId, channel, message } = parsed.data;
      try {
        const description = await descriptionFrom(client, {
          text: message.text ?? '',
          channel: channel.id,
          ts: message.ts,
        });
        await openCaseForm(ctx, client, { userId: user.id, triggerId, description });
      } catch (error) {
        await tellOpener(client, user.id, error, logger.error.bind(logger));
      }
    },
  );
}
