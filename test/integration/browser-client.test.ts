/**
 * A browser app on another origin uses the local stack as it would use the
 * deployed one: the local API Gateway answers CORS preflights for the allowed
 * origins (as API Gateway does with the stack's CORS configuration), the app
 * calls the API with a bearer token, uploads a file to local S3 through the
 * presigned POST, and sees it ingested. An origin that is not allowed is
 * refused by the browser itself. Real Chromium (Debian's), driven by
 * playwright-core; `.ci/run` installs it.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { makePng } from '../support/images.js';

const CHROMIUM = '/usr/bin/chromium';

/** A one-page web app on its own origin. */
async function serveApp(): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>app</title><p>marketing app</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let api: TestApi;
let browser: Browser;
let app: { server: Server; origin: string };
let stranger: { server: Server; origin: string };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (as .ci/run does)`);
  app = await serveApp();
  stranger = await serveApp();
  api = await startTestApi({ s3: true, corsOrigins: [app.origin] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  app?.server.close();
  stranger?.server.close();
});

interface BrowserResult {
  uploadStatus: number;
  etag: string | null;
  s3Status: number;
  finalStatus: string;
  size: number | null;
}

describe('a browser app on another origin', () => {
  it('calls the API with a token, uploads through the presigned POST, and sees the asset ingested', async () => {
    const page = await browser.newPage();
    await page.goto(app.origin);
    const png = [...makePng(40, 30)];
    const result = await page.evaluate(
      async ({ apiUrl, token, bytes }): Promise<BrowserResult> => {
        const auth = { authorization: `Bearer ${token}` };
        const file = new Uint8Array(bytes);
        const started = await fetch(`${apiUrl}/v1/assets/uploads`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ filename: 'pool.png', asset_type: 'image', mime_type: 'image/png', size_bytes: file.length }),
        });
        const body = (await started.json()) as { asset: { id: string }; upload: { url: string; fields: Record<string, string> } };
        const form = new FormData();
        for (const [name, value] of Object.entries(body.upload.fields)) form.append(name, value);
        form.append('file', new Blob([file], { type: 'image/png' }), 'pool.png');
        const stored = await fetch(body.upload.url, { method: 'POST', body: form });
        let asset = { status: 'processing', file_size_bytes: null as number | null };
        for (let i = 0; i < 100 && asset.status === 'processing'; i++) {
          await new Promise((r) => setTimeout(r, 100));
          asset = (await (await fetch(`${apiUrl}/v1/assets/${body.asset.id}`, { headers: auth })).json()) as typeof asset;
        }
        return { uploadStatus: started.status, etag: started.headers.get('etag'), s3Status: stored.status, finalStatus: asset.status, size: asset.file_size_bytes };
      },
      { apiUrl: api.url, token: api.tokens.marketer, bytes: png },
    );
    expect(result.uploadStatus).toBe(201);
    // Readable from script only because the API exposes it (Access-Control-Expose-Headers).
    expect(result.etag).toMatch(/^"/);
    expect(result.s3Status).toBe(204);
    expect(result).toMatchObject({ finalStatus: 'active', size: png.length });
    await page.close();
  });

  it('is refused by the browser when its origin is not allowed', async () => {
    const page = await browser.newPage();
    await page.goto(stranger.origin);
    const outcome = await page.evaluate(async ({ apiUrl, token }) => {
      try {
        await fetch(`${apiUrl}/v1/assets`, { headers: { authorization: `Bearer ${token}` } });
        return 'answered';
      } catch (error) {
        return (error as Error).name;
      }
    }, { apiUrl: api.url, token: api.tokens.viewer });
    expect(outcome).toBe('TypeError');
    await page.close();
  });
});
