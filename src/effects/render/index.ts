import type { z } from 'zod';
import type { outbox } from '../../../db/schema/index.js';
import type { WebLinkTarget } from '../../domain/links/web-link.js';
import { isNoticeKind, type NoticeDefinition, type NoticeKind, notices } from '../../domain/notices/index.js';
import { UndeliverableNotice } from '../retry-policy.js';
import { deskRenderers } from './desk.js';
import { EmailPayload, SlackChannelPayload } from './messages.js';
import { refreshRenderers } from './refresh.js';
import type { EmailLinks, NoticeRenderer, NoticeRenderers } from './renderer.js';

/** Every notice kind's renderers: the delivery road turns a queued view into what is sent. */
export const noticeRenderers: NoticeRenderers<NoticeKind> = { ...refreshRenderers, ...deskRenderers };

type OutboxRow = Pick<typeof outbox.$inferSelect, 'channel' | 'notice' | 'payload' | 'payloadForm'>;

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UndeliverableNotice(`invalid ${what}: ${result.error.message}`);
  return result.data;
}

/** The row's view, checked again (dates come back from JSON), with its kind's renderers. */
function viewOf(row: OutboxRow): { view: never; renderer: NoticeRenderer<NoticeKind> } {
  if (!isNoticeKind(row.notice)) throw new UndeliverableNotice(`Otto sends no notice of kind ${row.notice}`);
  const kind: NoticeKind = row.notice;
  const view = parsed(notices[kind].view as z.ZodType, row.payload, `${kind} view`) as never;
  return { view, renderer: noticeRenderers[kind] as NoticeRenderer<NoticeKind> };
}

/** The Slack message a row is delivered as: its view rendered, or the message an older row holds. */
export function renderSlackRow(row: OutboxRow): SlackChannelPayload {
  if (row.payloadForm === 'rendered') return parsed(SlackChannelPayload, row.payload, 'Slack payload');
  const { view, renderer } = viewOf(row);
  if (!renderer.slack) throw new UndeliverableNotice(`a ${row.notice} notice has no Slack form`);
  return parsed(SlackChannelPayload, renderer.slack(view), 'Slack payload');
}

/** What the row's e-mail links to on Otto's web pages, if its kind has a page. */
export function webLinkTargetOf(row: OutboxRow): WebLinkTarget | undefined {
  if (row.payloadForm === 'rendered' || !isNoticeKind(row.notice)) return undefined;
  const definition: NoticeDefinition = notices[row.notice];
  if (!definition.web) return undefined;
  return definition.web(viewOf(row).view);
}

/** The e-mail a row is delivered as: its view rendered, or the e-mail an older row holds. */
export function renderEmailRow(row: OutboxRow, links: EmailLinks = {}): EmailPayload {
  if (row.payloadForm === 'rendered') return parsed(EmailPayload, row.payload, 'e-mail payload');
  const { view, renderer } = viewOf(row);
  if (!renderer.email) throw new UndeliverableNotice(`a ${row.notice} notice has no e-mail form`);
  return parsed(EmailPayload, renderer.email(view, links), 'e-mail payload');
}

/** What a notice row is delivered as, on its channel (ITSM rows carry their request as it is sent). */
export function renderOutboxRow(
  row: OutboxRow,
): SlackChannelPayload | EmailPayload | Record<string, unknown> {
  if (row.channel === 'email') return renderEmailRow(row);
  if (row.channel === 'itsm') return row.payload;
  return renderSlackRow(row);
}
