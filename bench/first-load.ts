// First-load JavaScript of every page, measured as a browser gets it: the <script src> chunks in the
// served HTML, raw and gzip-compressed. Needs a production build (`npx next build`).
// Run: npm run -s bench:bundle
import { gzipSync } from 'node:zlib';
import { ApiClient, startAppServer } from '../tests/helpers/app-server';

const pages = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/login', '/', '/articles/lora', '/study', '/account', '/admin', '/cards', '/progress', '/group'];

const server = await startAppServer();
try {
  const client = new ApiClient(server.baseUrl);
  const setup = await client.call('POST', '/setup', { username: 'admin', password: 'correct horse' });
  const cookie = setup.headers.get('set-cookie')?.split(';')[0] ?? '';
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const chunk = async (src: string) => {
    if (!sizes.has(src)) {
      const bytes = Buffer.from(await (await fetch(new URL(src, server.baseUrl))).arrayBuffer());
      sizes.set(src, { raw: bytes.length, gzip: gzipSync(bytes).length });
    }
    return sizes.get(src)!;
  };
  console.log('| route | status | scripts | first-load JS (raw) | first-load JS (gzip) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const page of pages) {
    const response = await fetch(`${server.baseUrl}${page}`, { headers: { cookie }, redirect: 'manual' });
    const html = await response.text();
    // NOTE: `noModule` scripts (legacy polyfills) are skipped: browsers that run modules never fetch them.
    const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]).filter((tag) => !/\bnoModule\b/i.test(tag));
    const sources = [...new Set(tags.flatMap((tag) => [...tag.matchAll(/\bsrc="([^"]+)"/g)].map((m) => m[1]!)))];
    let raw = 0;
    let gzip = 0;
    for (const src of sources) {
      const size = await chunk(src);
      raw += size.raw;
      gzip += size.gzip;
    }
    console.log(`| ${page} | ${response.status} | ${sources.length} | ${(raw / 1024).toFixed(1)} kB | ${(gzip / 1024).toFixed(1)} kB |`);
  }
} finally {
  await server.stop();
}
