import { type CheerioAPI, load } from 'cheerio';
import { expect } from 'vitest';
import { mailBody, sentEmails } from './calendar-mail.js';

// Drives Otto's web pages as a browser would, over real HTTP: read the link from the e-mail,
// GET the page, post its form with the page's form token, follow the redirect.

export interface WebAnswer {
  status: number;
  headers: Headers;
  html: string;
  $: CheerioAPI;
  /** Where a redirect points (POST → 303 → GET), as a path. */
  location: string | undefined;
}

/** The path of every link to Otto's web pages in the e-mails the app sent to `to`, oldest first. */
export function webLinksTo(appDir: string, to: string): string[] {
  return sentEmails(appDir)
    .filter((eml) => new RegExp(`^To: .*${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im').test(eml))
    .flatMap((eml) => [
      ...mailBody(eml, 'text/plain').matchAll(/https?:\/\/[^\s/]+(\/web\/[A-Za-z0-9_.-]+)/g),
    ])
    .map((match) => match[1] as string);
}

/** The newest link to Otto's web pages e-mailed to `to`. */
export function newestWebLinkTo(appDir: string, to: string): string {
  const links = webLinksTo(appDir, to);
  const newest = links.at(-1);
  if (!newest) throw new Error(`no e-mail to ${to} carries a link to Otto's web pages`);
  return newest;
}

async function answerOf(response: Response): Promise<WebAnswer> {
  const html = await response.text();
  const location = response.headers.get('location') ?? undefined;
  return { status: response.status, headers: response.headers, html, $: load(html), location };
}

export async function getPage(baseUrl: string, path: string): Promise<WebAnswer> {
  return answerOf(await fetch(`${baseUrl}${path}`, { redirect: 'manual' }));
}

/**
 * Posts `fields` as the page's form would (with the form token shown on the page at `path`),
 * without following the redirect.
 */
export async function postForm(
  baseUrl: string,
  path: string,
  fields: Record<string, string | string[]>,
  options: { formToken?: string; headers?: Record<string, string> } = {},
): Promise<WebAnswer> {
  const formToken = options.formToken ?? formTokenOf((await getPage(baseUrl, path)).$);
  const body = new URLSearchParams({ _form: formToken });
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
  }
  return answerOf(
    await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body,
    }),
  );
}

/** Posts the form and, when the page redirects (POST → 303 → GET), shows where it leads. */
export async function submitForm(
  baseUrl: string,
  path: string,
  fields: Record<string, string | string[]>,
): Promise<WebAnswer> {
  const posted = await postForm(baseUrl, path, fields);
  if (posted.status !== 303 || !posted.location) return posted;
  return getPage(baseUrl, posted.location);
}

export function formTokenOf($: CheerioAPI): string {
  const token = $('input[name="_form"]').attr('value');
  if (!token) throw new Error('the page has no form');
  return token;
}

/** The page's heading and its text, squeezed, for assertions on what a reader sees. */
export function pageText($: CheerioAPI): string {
  return $('main').text().replace(/\s+/g, ' ').trim();
}

/**
 * What every page of Otto's must be for a keyboard and a screen reader: the language set, one
 * h1, every visible input labelled, every group of choices in a fieldset with a legend, and
 * the headers that keep the link out of caches and referrers.
 */
export function expectAccessiblePage(page: WebAnswer): void {
  const { $ } = page;
  expect($('html').attr('lang')).toBe('en');
  expect($('h1')).toHaveLength(1);
  expect($('title').text().trim()).not.toBe('');
  $('input:not([type=hidden]), select, textarea').each((_, element) => {
    const id = $(element).attr('id');
    const name = $(element).attr('name');
    expect(id, `the input ${name} has an id`).toBeTruthy();
    expect($(`label[for="${id}"]`).text().trim(), `the input ${name} has a label`).not.toBe('');
  });
  $('input[type=radio], input[type=checkbox]').each((_, element) => {
    expect($(element).closest('fieldset').find('legend').text().trim()).not.toBe('');
  });
  $('button').each((_, element) => {
    expect($(element).text().trim()).not.toBe('');
  });
  expectPrivateAnswer(page);
}

/** Headers every answer of a web page carries. */
export function expectPrivateAnswer(page: WebAnswer): void {
  expect(page.headers.get('cache-control')).toBe('no-store');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
}
