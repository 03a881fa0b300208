import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // NOTE: `npm start`'s server (scripts/server.ts) compresses Next's answers itself, with Brotli too.
  compress: false,
  // NOTE: the build checks the app's own code; `npm test` type-checks everything (tests too).
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  // NOTE: the database drivers and Prisma stay plain Node modules instead of being bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/client', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', '@open-spaced-repetition/binding-linux-x64-gnu'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
