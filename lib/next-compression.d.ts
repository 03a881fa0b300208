// NOTE: Next vendors the `compression` middleware (1.7) without types; lib/fast-path.ts runs the same copy.
declare module 'next/dist/compiled/compression/index.js' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function compression(options?: { readonly threshold?: number | string }): (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}
