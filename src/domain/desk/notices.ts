import { z } from 'zod';
import { AppLink, Instant, type NoticeDefinition, TimeZone } from '../notices/fields.js';
import { SlackUserId } from '../slack-ids.js';
import { caseImpacts, caseMessageSides, caseStatuses } from './enums.js';

// The desk's notices as data (SPEC §4.2): what each one says, in plain text. A service queues a
// kind and its view; src/effects/render/desk.ts turns it into the Slack message or the e-mail.

const caseId = z.number().int().positive();
const outboxId = z.number().int().positive();

/** A requester as people know them: a Slack account (shown as its mention), a name, an address. */
export const CasePerson = z.object({
  slackUserId: SlackUserId.nullish(),
  name: z.string().min(1).nullish(),
  email: z.email().nullish(),
});
export type CasePerson = z.infer<typeof CasePerson>;

/** What every view of a case shows: the card's facts. */
export const CaseSummaryView = z.object({
  caseId,
  /** The case's version when the view was made: buttons carry it, so a stale click is recognised. */
  version: z.number().int().positive(),
  subject: z.string().min(1),
  status: z.enum(caseStatuses),
  impact: z.enum(caseImpacts),
  category: z.string().min(1).nullish(),
  account: z.string().min(1).nullish(),
  environment: z.string().min(1).nullish(),
  group: z.string().min(1).nullish(),
  assignee: SlackUserId.nullish(),
  reporter: CasePerson,
  /** Whom it was opened for, when not the reporter. */
  contact: CasePerson.nullish(),
  /** Why the dispatcher routed it as it did ("subject has 'projector'"); none → triage. */
  routeReason: z.string().nullish(),
  escalatedAt: Instant.nullish(),
  responseDueAt: Instant.nullish(),
  firstResponseAt: Instant.nullish(),
  resolutionDueAt: Instant.nullish(),
  dueAt: Instant.nullish(),
  openedAt: Instant,
  /** The organisation's zone: times on a channel's card read in it. */
  timeZone: TimeZone,
});
export type CaseSummaryView = z.infer<typeof CaseSummaryView>;

/** The case's card in its group's channel; its thread is the case's conversation. */
export const CaseCardView = CaseSummaryView.extend({
  /** The first card's outbox row when this one rewrites it in place (a change of state). */
  postedAs: outboxId.optional(),
  /** The description, shortened, so the channel sees what the case is about. */
  description: z.string(),
  /** How many files came with it. */
  files: z.number().int().min(0),
  /**
   * This card is an earlier one, left behind by a reassignment: where the case went (the group,
   * and its channel, where the case's card is now). It shows no buttons any more.
   */
  movedTo: z.object({ group: z.string().min(1), channel: z.string().min(1).nullish() }).optional(),
});
export type CaseCardView = z.infer<typeof CaseCardView>;

/** The last line of an old card's thread after a reassignment: where the conversation goes on. */
export const CaseMovedView = z.object({
  caseId,
  subject: z.string().min(1).max(250),
  /** The old card's outbox row: this line is posted in its thread. */
  threadOf: outboxId,
  group: z.string().min(1),
  /** The new group's channel, where the new card is; none when the group has no channel. */
  channel: z.string().min(1).nullish(),
  assignee: SlackUserId.nullish(),
  by: SlackUserId,
});
export type CaseMovedView = z.infer<typeof CaseMovedView>;

/** "Still pending": to triage's channel (and its main person) once, with Take and Assign. */
export const CaseEscalatedView = CaseSummaryView.extend({
  /** Since when it has waited for a first answer. */
  pendingSince: Instant,
  /** The business hours it may wait (DESK_PENDING_ESCALATION_HOURS). */
  hours: z.number().positive(),
});
export type CaseEscalatedView = z.infer<typeof CaseEscalatedView>;

/** "We have your case": to the requester (the reporter, and the contact when another). */
export const CaseOpenedView = z.object({
  caseId,
  subject: z.string().min(1),
  description: z.string(),
  recipientName: z.string().nullish(),
  /** The reporter, when they opened it for this reader. */
  openedBy: CasePerson.nullish(),
  /** The contact, when the reporter reads about a case opened for them. */
  openedFor: CasePerson.nullish(),
  group: z.string().min(1).nullish(),
  /** The reader has no Slack account: the e-mail is the conversation. */
  outsideSlack: z.boolean().optional(),
  openApp: AppLink,
});
export type CaseOpenedView = z.infer<typeof CaseOpenedView>;

/** "A case is yours": to the assignee, with a button to the case. */
export const CaseAssignedView = CaseSummaryView.extend({
  /** How it came to them. */
  why: z.enum(['routed', 'reassigned', 'escalated', 'taken']),
  /** Who assigned it (a Slack user), when a person did. */
  by: SlackUserId.nullish(),
});
export type CaseAssignedView = z.infer<typeof CaseAssignedView>;

/** Posted under a person's name and picture (chat:write.customize): a relayed message. */
const PostedAs = z.object({
  username: z.string().min(1).max(80),
  iconUrl: z.url({ protocol: /^https$/ }).optional(),
});

/**
 * A message of the case's conversation passed on to the other side: a staff reply to a requester
 * (their DM thread of the case, or an e-mail), a requester's message into the card's thread. The
 * text is as its author wrote it in Slack (already in Slack's encoding; broadcasts are made text
 * when it is rendered), or plain text for an e-mail.
 */
export const CaseMessageView = z.object({
  caseId,
  subject: z.string().min(1).max(250),
  side: z.enum(caseMessageSides),
  /** Who said it, by name (never an id). */
  authorName: z.string().min(1).max(200),
  text: z.string().max(4000),
  /** The names of the files that come with it (uploaded after it in the same thread). */
  files: z.array(z.string().min(1).max(255)).max(10).default([]),
  /** The outbox row whose message starts the thread it goes in (the card, the requester's DM). */
  inThreadOf: outboxId.optional(),
  as: PostedAs.optional(),
  /** An edit: the earlier copy (its outbox row) is rewritten in place. */
  replaces: outboxId.optional(),
  /** E-mail: the reader's name, and that they have no Slack account to answer from. */
  recipientName: z.string().nullish(),
  outsideSlack: z.boolean().optional(),
  openApp: AppLink.optional(),
});
export type CaseMessageView = z.infer<typeof CaseMessageView>;

/** A relayed copy taken back because its original was deleted: chat.delete, or files.delete of a file. */
export const CaseMessageRemovedView = z.object({
  caseId,
  /** The outbox row of the copy. */
  removes: outboxId,
});
export type CaseMessageRemovedView = z.infer<typeof CaseMessageRemovedView>;

/** A file of a message, kept in the case's files, uploaded into the other side's thread. */
export const CaseFileView = z.object({
  caseId,
  /** The desk_case_files row whose bytes are uploaded. */
  fileId: z.number().int().positive(),
  name: z.string().min(1).max(255),
  authorName: z.string().min(1).max(200),
  inThreadOf: outboxId,
});
export type CaseFileView = z.infer<typeof CaseFileView>;

const toPerson = ['slack_dm', 'email'] as const;

/** Every desk notice: its view, and where it goes. */
export const deskNotices = {
  case_card: { view: CaseCardView, channels: ['slack_channel'] },
  case_opened: { view: CaseOpenedView, channels: toPerson },
  case_assigned: { view: CaseAssignedView, channels: ['slack_dm'] },
  case_moved: { view: CaseMovedView, channels: ['slack_channel'] },
  case_escalated: { view: CaseEscalatedView, channels: ['slack_channel', 'slack_dm'] },
  case_message: { view: CaseMessageView, channels: ['slack_dm', 'slack_channel', 'email'] },
  case_message_removed: { view: CaseMessageRemovedView, channels: ['slack_dm', 'slack_channel'] },
  case_file: { view: CaseFileView, channels: ['slack_dm', 'slack_channel'] },
} as const satisfies Record<string, NoticeDefinition>;
