import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { BuildRef } from '../schemas/common.ts';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A stand-in front page until the web app is built: what this is, which data, where the API is. */
export function homePage(build: BuildRef): string {
  const warning = build.synthetic ? `\n  <p role="alert"><strong>Synthetic demo data — not real statistics</strong></p>` : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>AreaLens</title>
</head>
<body>
  <h1>AreaLens</h1>${warning}
  <p>Serving ${escapeHtml(build.label)} (build ${escapeHtml(build.id)}). The web app is not built yet; the API is:</p>
  <ul>
    <li><a href="/api/v1/levels">/api/v1/levels</a> — geography levels in this build</li>
    <li><a href="/api/v1/build">/api/v1/build</a> — what this build was made from</li>
  </ul>
</body>
</html>
`;
}

/** Serves the built web app from webDist, or the stand-in page when there is none. */
export async function registerHome(app: FastifyInstance, options: { webDist: string | null; build: BuildRef }): Promise<void> {
  if (options.webDist) {
    await app.register(fastifyStatic, {
      root: options.webDist,
      prefix: '/',
      // Vite names built assets by content hash, so they never change under the same name.
      setHeaders: (reply, path) => {
        reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'public, no-cache');
      },
    });
    return;
  }
  const page = homePage(options.build);
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}
