import { createServer, type Socket } from 'node:net';

/** One message as the server received it. */
export interface ReceivedMail {
  /** 1 for the first connection the server accepted, 2 for the next… */
  connection: number;
  from: string;
  to: string[];
  /** The message as sent, dot-stuffing undone, lines joined with \r\n. */
  data: string;
  /** Header fields by lower-case name, folded lines joined, every occurrence kept. */
  headers: Record<string, string[]>;
}

export interface FakeSmtpOptions {
  /** How long the server takes to answer the end of DATA with 250 (the answer a crash may miss). */
  answerDelayMs?: number;
  /** Called when a message's last line arrives, before the server answers it. */
  onMessage?(mail: ReceivedMail): void;
  /** Called as the server writes its 250 for a message. */
  onAnswered?(mail: ReceivedMail): void;
}

export interface FakeSmtp {
  url: string;
  received: ReceivedMail[];
  /** Connections accepted so far. */
  connections(): number;
  /** The most mail transactions (MAIL FROM to the answer after DATA) open at one time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

function parseHeaders(data: string): Record<string, string[]> {
  const head = data.split('\r\n\r\n')[0] ?? '';
  const headers: Record<string, string[]> = {};
  for (const field of head.split(/\r\n(?![ \t])/)) {
    const colon = field.indexOf(':');
    if (colon < 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field
      .slice(colon + 1)
      .replace(/\r\n[ \t]+/g, ' ')
      .trim();
    headers[name] = [...(headers[name] ?? []), value];
  }
  return headers;
}

/**
 * A small SMTP server on 127.0.0.1 for tests: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, no TLS
 * and no auth; it accepts every message, after `answerDelayMs`.
 */
export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((socket) => {
    connections += 1;
    const connection = connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    let buffer = '';
    let from = '';
    let to: string[] = [];
    let inData = false;
    let lines: string[] = [];
    let open = false;

    const endTransaction = () => {
      if (open) inFlight -= 1;
      open = false;
      from = '';
      to = [];
    };

    const onLine = (line: string) => {
      if (inData) {
        if (line !== '.') {
          lines.push(line.startsWith('..') ? line.slice(1) : line);
          return;
        }
        inData = false;
        const data = lines.join('\r\n');
        const mail: ReceivedMail = { connection, from, to, data, headers: parseHeaders(data) };
        received.push(mail);
        options.onMessage?.(mail);
        setTimeout(() => {
          endTransaction();
          options.onAnswered?.(mail);
          reply('250 2.0.0 queued');
        }, options.answerDelayMs ?? 0);
        return;
      }
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO' || verb === 'HELO') reply('250 fake-smtp');
      else if (verb === 'MAIL') {
        from =
          line
            .replace(/^MAIL FROM:\s*/i, '')
            .replace(/[<>]/g, '')
            .split(' ')[0] ?? '';
        open = true;
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        reply('250 2.1.0 ok');
      } else if (verb === 'RCPT') {
        to.push(
          line
            .replace(/^RCPT TO:\s*/i, '')
            .replace(/[<>]/g, '')
            .split(' ')[0] ?? '',
        );
        reply('250 2.1.5 ok');
      } else if (verb === 'DATA') {
        inData = true;
        lines = [];
        reply('354 go on');
      } else if (verb === 'RSET') {
        endTransaction();
        reply('250 2.0.0 ok');
      } else if (verb === 'NOOP') reply('250 2.0.0 ok');
      else if (verb === 'QUIT') {
        reply('221 2.0.0 bye');
        socket.end();
      } else reply('502 5.5.2 not implemented');
    };

    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
    });
    socket.on('close', () => endTransaction());
    reply('220 fake-smtp ready');
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    connections: () => connections,
    maxInFlight: () => maxInFlight,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
