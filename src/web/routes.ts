import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { formToken, isFormToken } from '../domain/links/web-link.js';
import type { Logger } from '../logger.js';
import type { RefreshContext } from '../services/refresh/context.js';
import { checkWebLink } from '../services/web/check-web-link.js';
import { notice } from './forms.js';
import { html, pageDocument } from './html.js';
import type { WebAnswer, WebForm, WebPages, WebRequest } from './page.js';

// Otto's web pages for people outside Slack (SPEC §2): `GET /web/<token>` shows, `POST` acts.
// The token in the path is the only key; it is never logged, and no answer may be cached or
// leak it onward (no-store, no-referrer). A mail scanner that follows the link only GETs.

const stylesheet = readFileSync(new URL('./web.css', import.meta.url), 'utf8');

const securityHeaders = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
} as const;

/** The largest form Otto reads; its pages' forms are far smaller. */
const maxFormBytes = 64 * 1024;

class RefusedRequest extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly text: string,
  ) {
    super(title);
  }
}

function sendPage(res: ServerResponse, status: number, document: string): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8' });
  res.end(document);
}

function sendMessage(res: ServerResponse, status: number, title: string, text: string): void {
  sendPage(res, status, pageDocument({ title, body: html`<p>${text}</p>` }));
}

async function readForm(req: IncomingMessage): Promise<WebForm> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new RefusedRequest(415, 'This form could not be read', 'Please send the form from its page.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxFormBytes) {
      throw new RefusedRequest(
        413,
        'This form is too long',
        'Please shorten what you typed and send it again.',
      );
    }
    chunks.push(chunk);
  }
  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  return { get: (name) => params.get(name) ?? undefined, getAll: (name) => params.getAll(name) };
}

/** A POST must come from Otto's own page: same origin (when the browser says) and the page's form token. */
function checkSameSite(req: IncomingMessage, publicUrl: string): void {
  const site = req.headers['sec-fetch-site'];
  const origin = req.headers.origin;
  const crossSite =
    site === 'cross-site' ||
    (origin !== undefined && origin !== 'null' && origin !== new URL(publicUrl).origin);
  if (crossSite) {
    throw new RefusedRequest(
      403,
      'This form was sent from elsewhere',
      'Please open the link in Otto’s e-mail and answer there.',
    );
  }
}

function tokenOf(req: IncomingMessage & { params?: Record<string, string | string[]> | undefined }): string {
  return String(req.params?.token ?? '');
}

/** Routes of Otto's web pages: one page per link action. */
export function webRoutes(ctx: RefreshContext, pages: WebPages, logger: Logger): CustomRoute[] {
  /** The request a page gets, or the answer for a link that cannot reach one. */
  async function open(
    req: IncomingMessage & { params?: Record<string, string | string[]> | undefined },
  ): Promise<WebRequest & { page: NonNullable<WebPages[keyof WebPages]> }> {
    const checked = await checkWebLink(ctx, tokenOf(req));
    if (checked.state === 'invalid') {
      throw new RefusedRequest(
        404,
        'This link does not work',
        'It may have been copied incompletely. Please open the newest e-mail from Otto and use its link.',
      );
    }
    if (checked.state === 'expired') {
      throw new RefusedRequest(
        410,
        'This link has expired',
        'Links in Otto’s e-mails work for a few weeks. Otto sends a new one with its next reminder; your IT support team can also help.',
      );
    }
    const page = pages[checked.claims.action];
    if (!page || !ctx.linkSecret)
      throw new RefusedRequest(404, 'This link does not work', 'This page is not available.');
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    return {
      page,
      ctx,
      claims: checked.claims,
      reader: checked.reader,
      mayAct: checked.state === 'current',
      query,
      formToken: formToken(ctx.linkSecret, checked.claims),
      path: `/web/${tokenOf(req)}`,
    };
  }

  function answer(res: ServerResponse, req: IncomingMessage, request: WebRequest, result: WebAnswer): void {
    if (result.kind === 'redirect') {
      res.writeHead(303, { ...securityHeaders, location: `/web/${tokenOf(req)}${result.to}` });
      res.end();
      return;
    }
    if (result.kind === 'file') {
      res.writeHead(200, {
        ...securityHeaders,
        'content-type': result.contentType,
        'content-disposition': `attachment; filename="${result.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      });
      res.end(result.body);
      return;
    }
    const body = request.mayAct
      ? result.body
      : html`${notice(
          'Otto has sent you a newer link for this. This page shows where things stand; to make a change, use the link in Otto’s newest e-mail.',
        )}${result.body}`;
    sendPage(res, result.status ?? 200, pageDocument({ title: result.title, lead: result.lead, body }));
  }

  function refuse(res: ServerResponse, error: unknown): void {
    if (error instanceof RefusedRequest) {
      sendMessage(res, error.status, error.title, error.text);
      return;
    }
    // The request's address holds the link's token: never log it.
    logger.error('a web page failed', error instanceof Error ? error.message : String(error));
    sendMessage(res, 500, 'Something went wrong', 'Nothing was changed. Please try again in a few minutes.');
  }

  return [
    {
      path: '/assets/web.css',
      method: ['GET'],
      handler: (_req, res) => {
        res.writeHead(200, {
          'content-type': 'text/css; charset=utf-8',
          'cache-control': 'public, max-age=3600',
        });
        res.end(stylesheet);
      },
    },
    {
      path: '/web/:token',
      method: ['GET'],
      handler: async (req, res) => {
        try {
          const request = await open(req);
          answer(res, req, request, await request.page.show(request));
        } catch (error) {
          refuse(res, error);
        }
      },
    },
    {
      path: '/web/:token',
      method: ['POST'],
      handler: async (req, res) => {
        try {
          checkSameSite(req, ctx.links.publicUrl);
          const form = await readForm(req);
          const request = await open(req);
          if (!request.mayAct) {
            answer(res, req, request, await request.page.show(request));
            return;
          }
          if (!ctx.linkSecret || !isFormToken(ctx.linkSecret, request.claims, form.get('_form') ?? '')) {
            throw new RefusedRequest(
              403,
              'This form has expired',
              'Please go back, reload the page and send it again.',
            );
          }
          answer(res, req, request, await request.page.act(request, form));
        } catch (error) {
          refuse(res, error);
        }
      },
    },
    {
      path: '/web/:token/:file',
      method: ['GET'],
      handler: async (req, res) => {
        try {
          const request = await open(req);
          const file = await request.page.file?.(request, String(req.params?.file ?? ''));
          if (!file) throw new RefusedRequest(404, 'Not found', 'There is nothing to download here.');
          answer(res, req, request, file);
        } catch (error) {
          refuse(res, error);
        }
      },
    },
  ];
}
