/** A job run's summary as one log line: "looked 14, found 3, not found 11". */
export interface RunCounts {
  /** Every count of the summary, in its order, e.g. "looked 14, found 3, not found 11". */
  text: string;
  /** Nothing was counted, or every count is zero: a run with nothing to do. */
  idle: boolean;
}

/** `notFound` → "not found", `emails` → "emails". */
const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/**
 * The counts of a job's summary (numbers, and lists by their length), for the one line a run
 * logs; nested values are left to the run's row in job_runs.
 */
export function runCounts(summary: unknown): RunCounts {
  if (typeof summary !== 'object' || summary === null) return { text: '', idle: true };
  const parts: string[] = [];
  let idle = true;
  for (const [key, value] of Object.entries(summary)) {
    const count = typeof value === 'number' ? value : Array.isArray(value) ? value.length : undefined;
    if (count === undefined || !Number.isFinite(count)) continue;
    if (count !== 0) idle = false;
    parts.push(`${words(key)} ${count}`);
  }
  return { text: parts.join(', '), idle };
}
