/** Lets Slack requests in between two chunks of a long job: a listener must ack within 3 s. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
