// The app's shortcuts as its Slack manifest (manifest.yml) declares them: Slack offers the global
// ones in its shortcuts menu and the message ones in every message's "More actions", so the
// sandbox page does too, from the same file.
import { readFileSync } from 'node:fs';
import type { SandboxShortcut } from './web.js';

const manifestUrl = new URL('../../manifest.yml', import.meta.url);

/** A scalar as YAML writes it here: bare, or in single or double quotes; a trailing comment dropped. */
function scalar(raw: string): string {
  const text = raw.trim();
  const quoted = /^(["'])(.*)\1$/.exec(text);
  if (quoted) return quoted[2] ?? '';
  return text.replace(/\s+#.*$/, '');
}

/**
 * Reads `features.shortcuts` (a list of maps with name, type, callback_id, description) from the
 * manifest's text. Entries without a name, a callback_id or a type of global or message are left out.
 */
export function manifestShortcuts(text: string): SandboxShortcut[] {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s+shortcuts:\s*(#.*)?$/.test(line));
  if (start === -1) return [];
  const indent = /^\s*/.exec(lines[start]!)![0].length;
  const items: Array<Record<string, string>> = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (/^\s*/.exec(line)![0].length <= indent) break;
    const entry = /^\s*(-\s+)?([a-z_]+):\s*(.*)$/.exec(line);
    if (!entry) continue;
    if (entry[1] || items.length === 0) items.push({});
    items.at(-1)![entry[2]!] = scalar(entry[3] ?? '');
  }
  return items.flatMap((item) =>
    item.name && item.callback_id && (item.type === 'global' || item.type === 'message')
      ? [{ name: item.name, type: item.type, callbackId: item.callback_id, description: item.description }]
      : [],
  );
}

/** The shortcuts of the manifest this app ships with. */
export function appShortcuts(): SandboxShortcut[] {
  return manifestShortcuts(readFileSync(manifestUrl, 'utf8'));
}
