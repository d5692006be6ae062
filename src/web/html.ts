// Server-rendered HTML for Otto's web pages. Every value is escaped unless it is already
// `SafeHtml` (made by `html`), so user text never becomes markup.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char] ?? char);
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false || part === true) return '';
  if (part instanceof SafeHtml) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** A template whose values are escaped; arrays are joined; null, undefined and booleans vanish. */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export interface PageShell {
  /** The document's title and its one h1. */
  title: string;
  body: SafeHtml;
  /** A line under the heading, e.g. which computer the page is about. */
  lead?: string | undefined;
}

/** A whole page: one h1, the language set, the stylesheet from Otto itself, nothing third-party. */
export function pageDocument({ title, body, lead }: PageShell): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · Otto</title>
<link rel="stylesheet" href="/assets/web.css">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="brand"><span>Otto</span></header>
<main id="main" tabindex="-1">
<h1>${title}</h1>
${lead ? html`<p class="lead">${lead}</p>` : ''}
${body}
</main>
<footer><p>Otto, the university’s IT service. This page is for you alone: please do not share its address.</p></footer>
</body>
</html>
`.value;
}
