// Slack for tests: the Web API stand-in, the driver that plays Slack towards the app, Block Kit limits.
export * from '../../src/sandbox/block-kit-limits.js';
export * from '../../src/sandbox/slack-driver.js';
export * from '../../src/sandbox/slack-standin.js';

type NotYet = undefined | null | false;

/**
 * Polls `fn` every 10 ms until it returns something other than undefined, null or false (a throw counts
 * as not yet), e.g. to wait for the Web API calls a listener makes after its ack. On timeout it rethrows
 * the last error, or says what it waited for.
 */
export async function waitFor<T>(fn: () => T | NotYet | Promise<T | NotYet>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value as T;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      if (lastError !== undefined) throw lastError;
      throw new Error(`waitFor: nothing after ${timeoutMs} ms from ${fn.toString().slice(0, 200)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What Slack shows for mrkdwn text: Otto escapes `& < >` in everything it writes, Slack decodes them. */
export const shownBySlack = (mrkdwn: string | undefined) =>
  (mrkdwn ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
