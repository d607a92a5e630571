import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';

/** Where `npm install` (or `npm start`) builds packages/web. */
export const WEB_DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Minga</title></head>
<body><h1>The web app is not built</h1><p>Run <code>npm install</code> or <code>npm run build:web</code>, then reload.</p></body></html>`;

/**
 * Serves the single-page web app (packages/web/dist) at `/`: its files by path, and `index.html` for any
 * other page a browser asks for outside the API (`Accept: text/html`), so that a reload on `/work/…` or an `/invite?token=` link opens the app.
 * Mounted last, after the API and `/docs`; `/v1/…` paths keep the API's JSON 404.
 */
export function mountWebApp(app: Hono<AppEnv>, distDir: string = WEB_DIST_DIR): void {
  const root = resolve(distDir);
  app.get('*', async (c) => {
    const path = c.req.path;
    if (path === '/v1' || path.startsWith('/v1/')) return c.notFound();
    const ext = extname(path);
    if (ext !== '') {
      const file = resolve(root, `.${path}`);
      const type = TYPES[ext];
      if (!type || !file.startsWith(root + sep)) return c.notFound();
      const body = await readFile(file).catch(() => null);
      if (!body) return c.notFound();
      // Vite puts a content hash in every name under assets/: such a file never changes.
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': cache });
    }
    // Only a browser navigation gets the app; an API client asking for an unknown path keeps the JSON 404.
    if (!(c.req.header('Accept') ?? '').includes('text/html')) return c.notFound();
    const index = await readFile(resolve(root, 'index.html'), 'utf8').catch(() => null);
    if (index === null) return c.html(NOT_BUILT, 503);
    return c.html(index, 200, { 'Cache-Control': 'no-cache' });
  });
}
