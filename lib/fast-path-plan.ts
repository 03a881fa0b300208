/**
 * Which requests the fast path of `npm start` (lib/fast-path.ts) may answer itself, read from the
 * production build that Next serves from (.next): what Next would add to an answer of a path — the
 * `headers()` of next.config, the proxy (proxy.ts) — and what would make it answer differently (a redirect
 * or rewrite of the path, a base path, i18n). Anything this module cannot account for sends the path to
 * Next, never to the fast path.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The parts of .next/routes-manifest.json read here (Next writes it at build time and serves by it). */
interface RoutesManifest {
  readonly basePath?: string;
  readonly i18n?: unknown;
  readonly redirects?: readonly ManifestRule[];
  readonly rewrites?: readonly ManifestRule[] | { readonly beforeFiles?: readonly ManifestRule[]; readonly afterFiles?: readonly ManifestRule[]; readonly fallback?: readonly ManifestRule[] };
  readonly headers?: readonly (ManifestRule & { readonly headers: readonly { readonly key: string; readonly value: string }[] })[];
  readonly staticRoutes?: readonly { readonly page: string }[];
}

interface ManifestRule {
  readonly regex: string;
  readonly has?: readonly unknown[];
  readonly missing?: readonly unknown[];
}

/** .next/server/functions-config-manifest.json (the Node.js proxy) and middleware-manifest.json (edge). */
interface FunctionsManifest {
  readonly functions?: Record<string, { readonly matchers?: readonly { readonly regexp: string }[] }>;
}
interface MiddlewareManifest {
  readonly middleware?: Record<string, { readonly matchers?: readonly { readonly regexp: string }[] }>;
}

/** What the build says about Next's answers, as read from .next by `readBuildFacts`. */
export interface BuildFacts {
  readonly routes: RoutesManifest;
  /** Next's `poweredByHeader` setting: an `X-Powered-By` on answers, which the fast path does not add. */
  readonly poweredBy: boolean;
  /** The path patterns the proxy (middleware) runs on. */
  readonly proxyMatchers: readonly string[];
}

export type PathPlan =
  /** Answer here: set `headers` (next.config's, in order) and run the proxy first when `runsProxy`. */
  | { readonly kind: 'fast'; readonly headers: readonly (readonly [string, string])[]; readonly runsProxy: boolean }
  /** Hand to Next, for `reason`. */
  | { readonly kind: 'next'; readonly reason: string };

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

/** Reads the build's facts from `distDir` (.next); throws when a file is missing or unreadable. */
export function readBuildFacts(distDir: string): BuildFacts {
  const routes = readJson<RoutesManifest>(path.join(distDir, 'routes-manifest.json'));
  const { config } = readJson<{ config: { poweredByHeader?: boolean } }>(path.join(distDir, 'required-server-files.json'));
  const server = path.join(distDir, 'server');
  const functions = readJson<FunctionsManifest>(path.join(server, 'functions-config-manifest.json'));
  const edge = readJson<MiddlewareManifest>(path.join(server, 'middleware-manifest.json'));
  const proxyMatchers = [...Object.entries(functions.functions ?? {}).filter(([name]) => name === '/_middleware'), ...Object.entries(edge.middleware ?? {})].flatMap(
    ([, fn]) => fn.matchers?.map((m) => m.regexp) ?? ['^/.*$'],
  );
  return { routes, poweredBy: config.poweredByHeader !== false, proxyMatchers };
}

function allRewrites(rewrites: RoutesManifest['rewrites']): readonly ManifestRule[] {
  if (!rewrites) return [];
  if (Array.isArray(rewrites)) return rewrites as readonly ManifestRule[];
  const phases = rewrites as Exclude<RoutesManifest['rewrites'], readonly ManifestRule[] | undefined>;
  return [...(phases.beforeFiles ?? []), ...(phases.afterFiles ?? []), ...(phases.fallback ?? [])];
}

// NOTE: Next fills `:name` parameters of a header rule from the matched path; a rule with them is not
// copied here.
const hasParameter = (text: string) => /:[A-Za-z_]/.test(text);

/**
 * The plan for `routePath` (an exact path such as `/api/v1/reviews`) under the build `facts`.
 *
 * @example
 * planPath(facts, '/api/v1/me'); // { kind: 'fast', headers: [['X-Frame-Options', 'DENY'], …], runsProxy: true }
 */
export function planPath(facts: BuildFacts, routePath: string): PathPlan {
  const { routes } = facts;
  const matches = (rule: ManifestRule) => new RegExp(rule.regex).test(routePath);
  if (facts.poweredBy) return { kind: 'next', reason: 'next.config has poweredByHeader on' };
  if (routes.basePath) return { kind: 'next', reason: 'the build has a basePath' };
  if (routes.i18n) return { kind: 'next', reason: 'the build has i18n routing' };
  if (!routes.staticRoutes?.some((r) => r.page === routePath)) return { kind: 'next', reason: `${routePath} is not a route of this build` };
  if (routes.redirects?.some(matches)) return { kind: 'next', reason: `a redirect matches ${routePath}` };
  if (allRewrites(routes.rewrites).some(matches)) return { kind: 'next', reason: `a rewrite matches ${routePath}` };
  const headers: (readonly [string, string])[] = [];
  for (const rule of (routes.headers ?? []).filter(matches)) {
    if ((rule.has?.length ?? 0) > 0 || (rule.missing?.length ?? 0) > 0) return { kind: 'next', reason: `a conditional header rule matches ${routePath}` };
    for (const { key, value } of rule.headers) {
      if (hasParameter(key) || hasParameter(value)) return { kind: 'next', reason: `a header rule with parameters matches ${routePath}` };
      headers.push([key, value]);
    }
  }
  return { kind: 'fast', headers, runsProxy: facts.proxyMatchers.some((regexp) => new RegExp(regexp).test(routePath)) };
}
