// Reads the .eml files the mailer writes without SMTP_URL (nodemailer's MIME output) for the sandbox's
// mail view: the headers a reader looks at, the HTML and text parts, and the attachments' names.

export interface CapturedMail {
  to: string[];
  from: string;
  subject: string;
  date?: Date;
  html?: string;
  text?: string;
  attachments: string[];
}

/** One MIME part: its headers (lower-case names) and its raw body. */
export interface Part {
  headers: Map<string, string>;
  body: string;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) as text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const source = Buffer.from(text.replace(/=\r?\n/g, ''), 'utf8');
  for (let i = 0; i < source.length; i += 1) {
    const byte = source[i]!;
    const hex = source.subarray(i + 1, i + 3).toString('latin1');
    if (byte === 0x3d && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(byte);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export function splitPart(raw: string): Part {
  const text = raw.replace(/\r\n/g, '\n');
  const end = text.indexOf('\n\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function param(header: string | undefined, name: string): string | undefined {
  const match = new RegExp(`${name}\\*?="?([^";]+)"?`, 'i').exec(header ?? '');
  return match?.[1];
}

/** A leaf part's body, its transfer encoding undone. */
export function decodeBody(part: Part): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(part.body);
  return part.body;
}

/** The parts inside a multipart part, in order; none for a leaf. */
export function childParts(part: Part): Part[] {
  const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
  const boundary = param(part.headers.get('content-type'), 'boundary');
  if (!type.startsWith('multipart/') || !boundary) return [];
  const children: Part[] = [];
  const pieces = part.body.replace(/\r\n/g, '\n').split(`--${boundary}`);
  // Before the first boundary is the preamble; after the closing `--` the epilogue.
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith('--')) break;
    // The line break before a boundary belongs to the boundary.
    children.push(splitPart(piece.replace(/^\n/, '').replace(/\n$/, '')));
  }
  return children;
}

function addresses(value: string | undefined): string[] {
  if (!value) return [];
  return decodeWords(value)
    .split(',')
    .map((a) => (/<([^>]+)>/.exec(a)?.[1] ?? a).trim().toLowerCase())
    .filter((a) => a.length > 0);
}

export function parseEml(raw: string): CapturedMail {
  const top = splitPart(raw);
  const date = top.headers.get('date');
  const mail: CapturedMail = {
    to: addresses(top.headers.get('to')),
    from: decodeWords(top.headers.get('from') ?? ''),
    subject: decodeWords(top.headers.get('subject') ?? ''),
    attachments: [],
  };
  if (date && !Number.isNaN(Date.parse(date))) mail.date = new Date(date);

  const visit = (part: Part, depth: number) => {
    const type = (part.headers.get('content-type') ?? 'text/plain').toLowerCase();
    if (type.startsWith('multipart/')) {
      if (depth < 5) for (const child of childParts(part)) visit(child, depth + 1);
      return;
    }
    const disposition = part.headers.get('content-disposition') ?? '';
    const filename = param(disposition, 'filename') ?? param(part.headers.get('content-type'), 'name');
    if (/^attachment/i.test(disposition) || filename) {
      mail.attachments.push(decodeWords(filename ?? 'attachment'));
    } else if (type.startsWith('text/html') && mail.html === undefined) {
      mail.html = decodeBody(part);
    } else if (type.startsWith('text/plain') && mail.text === undefined) {
      mail.text = decodeBody(part);
    }
  };
  visit(top, 0);
  return mail;
}
