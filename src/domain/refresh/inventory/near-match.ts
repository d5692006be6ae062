/** Edits (insert, delete, replace) that turn `a` into `b`. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const replace = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, replace));
    }
    previous = current;
  }
  return previous[b.length]!;
}

const folded = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The known name a mistyped one most likely meant: the closest within a few edits (about one in
 * four characters, at least two), ignoring case and spacing; undefined when none is that close.
 */
export function nearMatch(value: string, known: Iterable<string>): string | undefined {
  const wanted = folded(value);
  if (wanted === '') return undefined;
  const allowed = Math.max(2, Math.floor(wanted.length / 4));
  let best: { name: string; edits: number } | undefined;
  for (const name of known) {
    const candidate = folded(name);
    if (Math.abs(candidate.length - wanted.length) > allowed) continue;
    const edits = distance(wanted, candidate);
    if (edits <= allowed && (best === undefined || edits < best.edits)) best = { name, edits };
  }
  return best?.name;
}

/** "; did you mean “Dell Latitude 7450”?" when a known name is close, else nothing. */
export function didYouMean(value: string, known: Iterable<string>): string {
  const match = nearMatch(value, known);
  return match === undefined ? '' : `; did you mean “${match}”?`;
}
