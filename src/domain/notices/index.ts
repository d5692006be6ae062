import type { z } from 'zod';
import { deskNotices } from '../desk/notices.js';
import { refreshNotices } from '../refresh/notices.js';
import type { NoticeChannel, NoticeDefinition } from './fields.js';

export { AppLink, Instant, type NoticeChannel, type NoticeDefinition, NoticeLine } from './fields.js';

/** Every kind of notice Otto sends, by module: a service queues one of these with its view. */
export const notices = { ...refreshNotices, ...deskNotices } as const satisfies Record<
  string,
  NoticeDefinition
>;

export type NoticeKind = keyof typeof notices;
export const noticeKinds = Object.keys(notices) as [NoticeKind, ...NoticeKind[]];

/** The view a service hands over (dates may be Date objects). */
export type NoticeViewInput<K extends NoticeKind> = z.input<(typeof notices)[K]['view']>;
/** The view a renderer receives, checked. */
export type NoticeView<K extends NoticeKind> = z.output<(typeof notices)[K]['view']>;

export function isNoticeKind(kind: string): kind is NoticeKind {
  return Object.hasOwn(notices, kind);
}

/** True when a notice of this kind can be sent on this channel. */
export function noticeGoesBy(kind: NoticeKind, channel: NoticeChannel): boolean {
  return (notices[kind].channels as readonly NoticeChannel[]).includes(channel);
}
