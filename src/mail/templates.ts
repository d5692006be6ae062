import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import mjml2html from 'mjml';
import { z } from 'zod';
import { htmlToText } from './html-to-text.js';
import { type EmailTemplateName, emailTemplateData, isEmailTemplateName } from './template-data.js';

export const defaultTemplatesDir = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Where the layout puts each template's sections. */
const bodySlot = '{{> body}}';

/** A template that cannot load or a notice that cannot fill one: sending again will not help. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

export interface RenderedEmail {
  html: string;
  text: string;
}

export interface EmailTemplates {
  readonly names: readonly EmailTemplateName[];
  /** Fills a loaded template; throws TemplateError for an unknown name or data its schema rejects. */
  render(template: string, subject: string, data: unknown): RenderedEmail;
}

interface CompiledTemplate {
  schema: z.ZodType<Record<string, unknown>>;
  html: HandlebarsTemplateDelegate;
  text: (context: Record<string, unknown>) => string;
}

/**
 * Loads templates/*.mjml and each module's templates/<module>/*.mjml once at start: each goes
 * into the layout, through MJML once, and is compiled by Handlebars, so a notice only fills it.
 * Handlebars escapes every `{{value}}`.
 */
export async function loadTemplates(dir: string = defaultTemplatesDir): Promise<EmailTemplates> {
  const layout = await readFile(join(dir, 'partials', 'layout.mjml'), 'utf8');
  if (layout.split(bodySlot).length !== 2) {
    throw new TemplateError(`templates/partials/layout.mjml must contain ${bodySlot} exactly once`);
  }
  const textLayoutPath = join(dir, 'partials', 'layout.txt');
  const textLayout = existsSync(textLayoutPath) ? await readFile(textLayoutPath, 'utf8') : bodySlot;

  // Shared templates sit at the top; each module keeps its own in a folder (refresh/, desk/).
  const folders = await readdir(dir, { withFileTypes: true });
  const modules = folders.filter((entry) => entry.isDirectory() && entry.name !== 'partials');
  const where = new Map<string, string>();
  for (const folder of ['', ...modules.map((entry) => entry.name)]) {
    for (const file of await readdir(join(dir, folder))) {
      if (!file.endsWith('.mjml')) continue;
      const name = file.slice(0, -'.mjml'.length);
      if (where.has(name)) throw new TemplateError(`two e-mail templates are named ${name}.mjml`);
      where.set(name, join(dir, folder));
    }
  }
  const names = [...where.keys()].sort();
  const unknown = names.filter((name) => !isEmailTemplateName(name));
  if (unknown.length > 0) {
    throw new TemplateError(
      `templates without a data schema in src/mail/template-data.ts: ${unknown.map((n) => `${n}.mjml`).join(', ')}`,
    );
  }
  const missing = Object.keys(emailTemplateData).filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new TemplateError(
      `e-mail templates missing from ${dir}: ${missing.map((n) => `${n}.mjml`).join(', ')}`,
    );
  }

  const handlebars = Handlebars.create();
  const compiled = new Map<string, CompiledTemplate>();
  for (const name of names as EmailTemplateName[]) {
    const folder = where.get(name)!;
    const file = join(folder, `${name}.mjml`);
    const body = await readFile(file, 'utf8');
    const html = compileHandlebars(
      handlebars,
      await compileMjml(layout.replace(bodySlot, body), file),
      name,
      {},
    );
    const textFile = join(folder, `${name}.txt`);
    const text = existsSync(textFile)
      ? compileHandlebars(
          handlebars,
          textLayout.replace(bodySlot, (await readFile(textFile, 'utf8')).trimEnd()),
          `${name}.txt`,
          { noEscape: true },
        )
      : (context: Record<string, unknown>) => htmlToText(html(context));
    compiled.set(name, { schema: emailTemplateData[name], html, text });
  }

  return {
    names: names as EmailTemplateName[],
    render(template, subject, data) {
      const found = compiled.get(template);
      if (!found) {
        throw new TemplateError(`unknown e-mail template "${template}" (known: ${names.join(', ')})`);
      }
      const parsed = found.schema.safeParse(data);
      if (!parsed.success) {
        throw new TemplateError(
          `invalid data for e-mail template "${template}":\n${z.prettifyError(parsed.error)}`,
        );
      }
      const context = { ...parsed.data, subject };
      return { html: found.html(context), text: `${found.text(context).trim()}\n` };
    },
  };
}

async function compileMjml(source: string, file: string): Promise<string> {
  try {
    const result = await mjml2html(source, {
      validationLevel: 'strict',
      filePath: file,
      keepComments: false,
      // MJML links Google Fonts for a font-family it knows (Roboto…): Otto's e-mails fetch nothing
      // from outside (a university's mail must not call out to Google), they use the reader's fonts.
      fonts: {},
    });
    return result.html;
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/^ValidationError:\s*/, '') : String(error);
    throw new TemplateError(`invalid MJML in ${file}: ${message}`, { cause: error });
  }
}

function compileHandlebars(
  handlebars: typeof Handlebars,
  source: string,
  name: string,
  options: CompileOptions,
): HandlebarsTemplateDelegate {
  try {
    const template = handlebars.compile(source, { ...options, strict: false, knownHelpersOnly: true });
    // Compilation is lazy; fill once now so a broken expression fails at start, not per notice.
    template({});
    return template;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new TemplateError(`invalid template expression in ${name}: ${message}`, { cause: error });
  }
}
