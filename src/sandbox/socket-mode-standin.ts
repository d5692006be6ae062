// Slack's Socket Mode side for the stand-in: `apps.connections.open` hands out a WebSocket URL,
// each app connection gets `hello`, and envelopes (events_api, interactive, slash_commands) go to
// one connection each; the app answers with `{ envelope_id, payload }` on the same socket. The
// WebSocket server is the small part of RFC 6455 that Slack's client uses: text frames, ping/pong
// and the close handshake, unmasked from the server, masked from the client.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

type Json = Record<string, unknown>;

export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

export interface EnvelopeOptions {
  /** The connection to hand the envelope to; by default the open connections take turns. */
  connectionId?: string;
  /** Set on a redelivery, as Slack does (retry_attempt / retry_reason). */
  retryAttempt?: number;
  retryReason?: string;
  /** How long Slack waits for the ack; 3 seconds. */
  timeoutMs?: number;
}

export interface EnvelopeAck {
  envelopeId: string;
  /** The connection the envelope was handed to. */
  connectionId: string;
  /** False when no ack came in time (Slack would show an error, or retry an event). */
  acked: boolean;
  /** The ack's payload: `{}` for a bare ack, else what the app answered (a message, response_action…). */
  payload?: Json;
  elapsedMs: number;
}

/** Every ack the stand-in received, with the connection it came on: a test can check none strayed. */
export interface ReceivedAck {
  envelopeId: string;
  connectionId: string;
  /** The connection the envelope had been handed to; undefined for an envelope id the stand-in never sent. */
  sentTo: string | undefined;
  payload: Json | undefined;
}

const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const opcodes = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, length]);
  } else if (length < 0x10000) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** Takes whole frames off the front of `buffer`; returns them and what is left. */
function readFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const b0 = buffer[offset] as number;
    const b1 = buffer[offset + 1] as number;
    let length = b1 & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (buffer.length < at + 2) break;
      length = buffer.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (buffer.length < at + 8) break;
      length = Number(buffer.readBigUInt64BE(at));
      at += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const mask = masked ? buffer.subarray(at, at + 4) : undefined;
    if (masked) at += 4;
    if (buffer.length < at + length) break;
    const payload = Buffer.from(buffer.subarray(at, at + length));
    if (mask)
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
    offset = at + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;

  constructor(
    readonly id: string,
    private readonly socket: Duplex,
    private readonly onText: (connection: Connection, text: string) => void,
    private readonly onClose: (connection: Connection) => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.gone());
    socket.on('error', () => this.gone());
  }

  get open(): boolean {
    return !this.closed;
  }

  sendJson(message: Json): void {
    if (!this.closed) this.socket.write(frame(opcodes.text, Buffer.from(JSON.stringify(message))));
  }

  /** Starts the close handshake; the socket goes when the client answers, or after a second. */
  close(): void {
    if (this.closed) return;
    const code = Buffer.alloc(2);
    code.writeUInt16BE(1001);
    this.socket.write(frame(opcodes.close, code));
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.gone();
  }

  private receive(chunk: Buffer): void {
    const { frames, rest } = readFrames(Buffer.concat([this.buffered, chunk]));
    this.buffered = rest;
    for (const f of frames) {
      switch (f.opcode) {
        case opcodes.ping:
          if (!this.closed) this.socket.write(frame(opcodes.pong, f.payload));
          break;
        case opcodes.close:
          // Echo the close and end: the handshake Slack's client waits for.
          if (!this.closed) this.socket.write(frame(opcodes.close, f.payload.subarray(0, 2)));
          this.socket.end();
          this.gone();
          break;
        case opcodes.text:
        case opcodes.continuation:
          this.fragments.push(f.payload);
          if (f.fin) {
            const text = Buffer.concat(this.fragments).toString('utf8');
            this.fragments = [];
            this.onText(this, text);
          }
          break;
        default:
          // Binary frames and pongs carry nothing Slack's protocol uses.
          break;
      }
    }
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}

interface Pending {
  connectionId: string;
  startedAt: number;
  resolve: (ack: EnvelopeAck) => void;
  timer: NodeJS.Timeout;
}

/** The stand-in's Socket Mode connections of one app. */
export class SocketModeHub {
  private readonly tickets = new Set<string>();
  private readonly connections = new Map<string, Connection>();
  private readonly pending = new Map<string, Pending>();
  private readonly acks: ReceivedAck[] = [];
  private readonly sentTo = new Map<string, string>();
  private connectionCount = 0;
  private turn = 0;

  constructor(
    private readonly appId: string,
    private readonly baseUrl: () => string,
  ) {}

  /** What `apps.connections.open` answers: a URL good for one connection. */
  openConnectionUrl(): string {
    const ticket = randomBytes(12).toString('hex');
    this.tickets.add(ticket);
    const url = new URL(`/link/?ticket=${ticket}&app_id=${this.appId}`, this.baseUrl());
    url.protocol = 'ws:';
    return url.href;
  }

  /** The HTTP server's `upgrade` event: accepts a WebSocket for a ticket handed out, refuses the rest. */
  upgrade(req: IncomingMessage, socket: Duplex): void {
    const url = new URL(req.url ?? '/', this.baseUrl());
    const ticket = url.searchParams.get('ticket') ?? '';
    const key = req.headers['sec-websocket-key'];
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket) || typeof key !== 'string') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(`${key}${websocketGuid}`).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    this.connectionCount += 1;
    const connection = new Connection(
      `connection-${this.connectionCount}`,
      socket,
      (from, text) => this.receive(from, text),
      (gone) => this.forget(gone),
    );
    this.connections.set(connection.id, connection);
    connection.sendJson({
      type: 'hello',
      num_connections: this.connections.size,
      debug_info: { host: 'otto-standin', approximate_connection_time: 18_060 },
      connection_info: { app_id: this.appId },
    });
  }

  /** Open connections, oldest first. */
  connectionIds(): string[] {
    return [...this.connections.keys()];
  }

  /** Hands an envelope to one connection and resolves with its ack, or unacked after the timeout. */
  send(type: EnvelopeType, payload: Json, options: EnvelopeOptions = {}): Promise<EnvelopeAck> {
    const connection = this.pick(options.connectionId);
    const envelopeId = randomUUID();
    const envelope: Json = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
    };
    if (options.retryAttempt !== undefined) {
      envelope.retry_attempt = options.retryAttempt;
      envelope.retry_reason = options.retryReason ?? 'timeout';
    }
    this.sentTo.set(envelopeId, connection.id);
    return new Promise((resolve) => {
      const startedAt = performance.now();
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({
          envelopeId,
          connectionId: connection.id,
          acked: false,
          elapsedMs: performance.now() - startedAt,
        });
      }, options.timeoutMs ?? 3000);
      this.pending.set(envelopeId, { connectionId: connection.id, startedAt, resolve, timer });
      connection.sendJson(envelope);
    });
  }

  receivedAcks(): ReceivedAck[] {
    return this.acks.map((ack) => ({ ...ack }));
  }

  /** Closes every connection (stop the apps first, or their clients try to reconnect). */
  close(): void {
    for (const connection of [...this.connections.values()]) connection.close();
    for (const [envelopeId, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve({
        envelopeId,
        connectionId: pending.connectionId,
        acked: false,
        elapsedMs: performance.now() - pending.startedAt,
      });
    }
    this.pending.clear();
  }

  private pick(connectionId: string | undefined): Connection {
    if (connectionId !== undefined) {
      const chosen = this.connections.get(connectionId);
      if (!chosen) throw new Error(`No open Socket Mode connection ${connectionId}`);
      return chosen;
    }
    const open = [...this.connections.values()];
    if (open.length === 0) throw new Error('No Socket Mode connection is open');
    const next = open[this.turn % open.length] as Connection;
    this.turn += 1;
    return next;
  }

  private receive(from: Connection, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const { envelope_id: envelopeId, payload } = (message ?? {}) as {
      envelope_id?: unknown;
      payload?: unknown;
    };
    if (typeof envelopeId !== 'string') return;
    const ackPayload = typeof payload === 'object' && payload !== null ? (payload as Json) : undefined;
    this.acks.push({
      envelopeId,
      connectionId: from.id,
      sentTo: this.sentTo.get(envelopeId),
      payload: ackPayload,
    });
    const pending = this.pending.get(envelopeId);
    // Slack takes an ack only on the connection it sent the envelope to.
    if (!pending || pending.connectionId !== from.id) return;
    this.pending.delete(envelopeId);
    clearTimeout(pending.timer);
    pending.resolve({
      envelopeId,
      connectionId: from.id,
      acked: true,
      ...(ackPayload ? { payload: ackPayload } : {}),
      elapsedMs: performance.now() - pending.startedAt,
    });
  }

  private forget(connection: Connection): void {
    this.connections.delete(connection.id);
  }
}
