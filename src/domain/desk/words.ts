// How the dispatcher reads text: words are compared without case and without accents, and
// punctuation only separates them ("Projector!" has the word "projector"; "wi-fi" is the two
// words "wi fi", matched next to each other).

const marks = /\p{M}+/gu;
const wordChars = /[\p{L}\p{N}]+/gu;

/** The words of a text, lower-cased and without accents: "Café, WI-FI" → ["cafe", "wi", "fi"]. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFD').replace(marks, '').toLowerCase().match(wordChars) ?? [];
}

/**
 * A list of words or phrases as an admin types it: separated by commas, semicolons or line
 * breaks; blanks and repeats dropped; each kept as typed (trimmed) for showing.
 */
export function splitWordList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,;\n]/)) {
    const word = raw.trim().replace(/\s+/g, ' ');
    const key = wordsOf(word).join(' ');
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(word);
  }
  return out;
}
