import type { UsersInfoResponse, WebClient } from '@slack/web-api';

/** What `users.info` says of a person. */
export type SlackUser = NonNullable<UsersInfoResponse['user']>;

/** Long enough for Slack to answer, short enough to leave the rest of the 3 seconds to the answer. */
const lookupTimeoutMs = 1500;

/**
 * `users.info` on a person picked in a modal, whose answer decides the modal's field errors and so
 * runs before the 3-second answer. Bolt's client waits out a rate limit and retries, which could
 * hold the answer for minutes; past the time limit, or on any failure, the person reads as unknown
 * (undefined) and the caller says so beside the field.
 */
export async function lookUpUserInTime(client: WebClient, userId: string): Promise<SlackUser | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, lookupTimeoutMs, undefined);
  });
  try {
    const answer = await Promise.race([client.users.info({ user: userId }).catch(() => undefined), late]);
    return answer?.user;
  } finally {
    clearTimeout(timer);
  }
}

/** The name a person goes by in Slack, when they have one. */
export const slackNameOf = (user: SlackUser): string | undefined =>
  user.real_name || user.profile?.real_name || user.name || undefined;
