import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * engine/ and problems/ stay pure (HOUSE_STYLE "Layers"): no framework, database or file-system
 * imports, no clock, no Math.random — time comes in as `now`, randomness from an `Rng`.
 * Test files are exempt (this one reads files).
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const SCANNED = ['engine', 'problems'];

const FORBIDDEN_IMPORTS = [/^next(\/.*)?$/, /^react(-dom)?(\/.*)?$/, /^@prisma\/client(\/.*)?$/, /^(node:)?fs(\/promises)?$/, /^(node:)?child_process$/];
const FORBIDDEN_CALLS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\bprocess\.env\b/, 'process.env'],
];

/** Source without comments (so prose about Math.random is fine). */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Problems found in one file's source. */
export function violations(source: string): string[] {
  const code = stripComments(source);
  const found: string[] = [];
  const specifiers = [
    ...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g),
    ...code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...code.matchAll(/\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1] as string);
  for (const spec of specifiers) if (FORBIDDEN_IMPORTS.some((re) => re.test(spec))) found.push(`imports ${spec}`);
  for (const [re, name] of FORBIDDEN_CALLS) if (re.test(code)) found.push(`calls ${name}`);
  return found;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'articles') out.push(...sources(full));
    } else if (/\.(ts|tsx|js|mjs)$/.test(entry.name) && !/\.test\.(ts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

describe('engine purity', () => {
  it('the scanner catches each kind of violation', () => {
    expect(violations(`import { NextResponse } from 'next/server';`)).toEqual(['imports next/server']);
    expect(violations(`import fs from "node:fs";`)).toEqual(['imports node:fs']);
    expect(violations(`const { PrismaClient } = require('@prisma/client');`)).toEqual(['imports @prisma/client']);
    expect(violations(`const m = await import('react');`)).toEqual(['imports react']);
    expect(violations(`const t = Date.now();`)).toEqual(['calls Date.now()']);
    expect(violations(`const x = Math.random ();`)).toEqual(['calls Math.random()']);
    expect(violations(`const d = new Date();`)).toEqual(['calls new Date()']);
    expect(violations(`const d = new Date(now.getTime() + 1);`)).toEqual([]);
    expect(violations(`// Math.random() is forbidden\n/* Date.now() */ const ok = 1;`)).toEqual([]);
    expect(violations(`import { Rng } from '../engine';`)).toEqual([]);
  });

  it('engine/ and problems/ sources have none', () => {
    const files = SCANNED.flatMap((d) => sources(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(10);
    const report = files.flatMap((file) => violations(fs.readFileSync(file, 'utf8')).map((v) => `${path.relative(ROOT, file)}: ${v}`));
    expect(report).toEqual([]);
  });
});
