import { LogLevel } from '@slack/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebLink } from '../../src/domain/links/web-link.js';
import type { Logger } from '../../src/logger.js';
import { startTestApp, type TestApp, testLinkSecret } from '../helpers/app.js';
import { expectAccessiblePage, getPage, pageText, postForm } from '../helpers/web.js';

// What every link to Otto's web pages answers before any page is reached: the refusals.

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

const claims = {
  recipient: 'nobody@example.edu',
  action: 'wizard' as const,
  subject: { kind: 'ticket' as const, id: 1 },
  nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA',
};

describe('links to the web pages', () => {
  it('answers an altered or made-up link with a clear page, privately', async () => {
    for (const token of [
      'nonsense',
      `${signWebLink('another-secret-of-at-least-32-chars!!', { ...claims, expiresAt: Date.parse('2027-01-01') })}`,
    ]) {
      const page = await getPage(app.baseUrl, `/web/${token}`);
      expect(page.status).toBe(404);
      expect(page.$('h1').text()).toBe('This link does not work');
      expectAccessiblePage(page);
    }
  });

  it('answers an expired link with a page saying so', async () => {
    const token = signWebLink(testLinkSecret, { ...claims, expiresAt: app.clock.now().getTime() - 1 });
    const page = await getPage(app.baseUrl, `/web/${token}`);
    expect(page.status).toBe(410);
    expect(pageText(page.$)).toContain('This link has expired');
    expectAccessiblePage(page);
  });

  it('refuses a form sent from another site before reading it', async () => {
    const token = signWebLink(testLinkSecret, { ...claims, expiresAt: app.clock.now().getTime() + 60_000 });
    const page = await postForm(
      app.baseUrl,
      `/web/${token}`,
      {},
      {
        formToken: 'x',
        headers: { origin: 'https://evil.example' },
      },
    );
    expect(page.status).toBe(403);
    expect(page.$('h1').text()).toBe('This form was sent from elsewhere');
  });

  it('serves its stylesheet from Otto itself', async () => {
    const response = await fetch(`${app.baseUrl}/assets/web.css`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toContain(':focus-visible');
  });

  it('never writes a link into the logs, at any level', async () => {
    const lines: string[] = [];
    const record = (...args: unknown[]) => {
      lines.push(
        args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : String(arg))).join(' '),
      );
    };
    const logger: Logger = {
      debug: record,
      info: record,
      warn: record,
      error: record,
      setLevel: () => {},
      getLevel: () => LogLevel.DEBUG,
      setName: () => {},
    };
    const logged = await startTestApp({ logger, env: { LOG_LEVEL: 'debug' } });
    try {
      const live = signWebLink(testLinkSecret, {
        ...claims,
        expiresAt: logged.clock.now().getTime() + 60_000,
      });
      const expired = signWebLink(testLinkSecret, { ...claims, expiresAt: logged.clock.now().getTime() - 1 });
      const tokens = [live, expired, `${live}x`];
      for (const token of tokens) {
        await getPage(logged.baseUrl, `/web/${token}`);
        await getPage(logged.baseUrl, `/web/${token}/appointment.ics`);
        await postForm(logged.baseUrl, `/web/${token}`, { decision: 'approve' }, { formToken: 'made-up' });
      }
      for (const token of tokens) {
        const signature = token.split('.')[1]!;
        expect(lines.filter((line) => line.includes(signature))).toEqual([]);
      }
    } finally {
      await logged.stop();
    }
  });
});
