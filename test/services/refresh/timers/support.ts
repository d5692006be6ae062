import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../../../db/client.js';
import { outbox } from '../../../../db/schema/index.js';
import type { TestApp } from '../../../helpers/app.js';

/** Wall-clock time in the organisation's zone (America/Detroit), e.g. at('2026-11-17 10:05'). */
export function at(local: string): Date {
  const parsed = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: 'America/Detroit' });
  if (!parsed.isValid) throw new Error(`bad local time ${local}`);
  return parsed.toJSDate();
}

export async function outboxRows(db: Db) {
  return db.select().from(outbox).orderBy(asc(outbox.id));
}

/** The .eml files the app wrote, with their text. */
export function emails(app: TestApp): Array<{ file: string; body: string }> {
  const dir = join(app.dir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => ({ file, body: decodeEml(readFileSync(join(dir, file), 'utf8')) }));
}

/** Undoes quoted-printable soft breaks and escapes, so a test can look for plain sentences. */
function decodeEml(raw: string): string {
  const unwrapped = raw.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped[i] === '=' ? /^[0-9A-F]{2}/.exec(unwrapped.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(Number.parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(unwrapped[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Button elements of a message's blocks. */
export function buttonsOf(blocks: unknown): Array<{ action_id: string; value?: string; text: string }> {
  const found: Array<{ action_id: string; value?: string; text: string }> = [];
  for (const block of (blocks ?? []) as Array<Record<string, unknown>>) {
    const elements = (block.elements ?? []) as Array<Record<string, unknown>>;
    for (const element of elements) {
      if (element.type !== 'button') continue;
      found.push({
        action_id: String(element.action_id),
        value: element.value as string | undefined,
        text: String((element.text as { text: string }).text),
      });
    }
  }
  return found;
}

/** Every text of a message's blocks, in order: what a reader sees. */
export function textOfBlocks(blocks: unknown): string {
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else walk(inner);
      }
    }
  };
  walk(blocks);
  return texts.join('\n');
}
