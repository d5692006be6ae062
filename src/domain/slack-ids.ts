import { z } from 'zod';

/** A Slack user id as Slack sends it (U… or W… for Enterprise Grid). */
export const SlackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, { error: 'is not a Slack user id' });
export type SlackUserId = z.infer<typeof SlackUserId>;

/** A conversation id: public (C…), private (G…) or a direct message (D…). */
export const SlackChannelId = z.string().regex(/^[CDG][A-Z0-9]{2,}$/, { error: 'is not a Slack channel id' });
export type SlackChannelId = z.infer<typeof SlackChannelId>;
