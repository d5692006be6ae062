import type { WebLinkAction, WebLinkClaims } from '../domain/links/web-link.js';
import type { RefreshContext } from '../services/refresh/context.js';
import type { WebReader } from '../services/web/check-web-link.js';
import type { SafeHtml } from './html.js';

/** What a page is given: the link's claims, who holds it, and whether it may act. */
export interface WebRequest {
  ctx: RefreshContext;
  claims: WebLinkClaims;
  reader: WebReader;
  /**
   * False when a newer link for the same action was sent: the page shows the current state and
   * offers nothing to do (and says where to find the newer link).
   */
  mayAct: boolean;
  /** The page's query (e.g. `?page=device` in the wizard), from the link's own address. */
  query: URLSearchParams;
  /** Goes into every form (`form()` in forms.ts); a POST without it is refused before the page sees it. */
  formToken: string;
  /** The page's own path, `/web/<token>`, for links to its downloads (`<path>/<file>`). Never log it. */
  path: string;
}

/** A submitted form: each name with its values in order (check boxes give several). */
export interface WebForm {
  get(name: string): string | undefined;
  getAll(name: string): string[];
}

export type WebAnswer =
  | { kind: 'page'; status?: number; title: string; lead?: string | undefined; body: SafeHtml }
  /** POST, then redirect, then GET: `to` is the page's query, e.g. `?page=review` or `` for the page itself. */
  | { kind: 'redirect'; to: string }
  | { kind: 'file'; contentType: string; filename: string; body: string };

/** One action's page (src/web/pages/): GET shows, POST acts; neither is reached with a bad link. */
export interface WebPage {
  show(request: WebRequest): Promise<WebAnswer>;
  /** Reached only with `mayAct` and a valid form token. */
  act(request: WebRequest, form: WebForm): Promise<WebAnswer>;
  /** `GET /web/<token>/<name>`: a download such as an appointment's .ics. */
  file?(request: WebRequest, name: string): Promise<WebAnswer | undefined>;
}

export type WebPages = Partial<Record<WebLinkAction, WebPage>>;
