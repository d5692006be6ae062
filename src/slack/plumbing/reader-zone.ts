import type { WebClient } from '@slack/web-api';
import { lookUpUserInTime } from './look-up-user.js';

/**
 * The reader's own time zone, as Slack knows it (`users.info`), for times Otto writes out in
 * full (a case's history); undefined when Slack does not say in time, and the service then
 * writes them in the organisation's zone.
 */
export async function readerZone(client: WebClient, userId: string): Promise<string | undefined> {
  const user = await lookUpUserInTime(client, userId);
  return typeof user?.tz === 'string' && user.tz !== '' ? user.tz : undefined;
}
