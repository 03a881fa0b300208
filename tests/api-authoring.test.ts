import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, startAppServer, type AppServer } from './helpers/app-server';
import { realDatabase } from './helpers/test-database';

let server: AppServer;
let fresh: AppServer;
let admin: ApiClient;
let editor: ApiClient;
let member: ApiClient;
let memberId = '';

async function join(client: ApiClient, username: string): Promise<string> {
  const invite = await admin.call('POST', '/invites', { maxUses: 1 });
  const joined = await client.call('POST', '/users', { invite: invite.body.code, username, password: `${username} password` });
  expect(joined.status).toBe(201);
  return joined.body.id as string;
}

beforeAll(async () => {
  [server, fresh] = await Promise.all([startAppServer(), startAppServer()]);
  admin = new ApiClient(server.baseUrl);
  expect((await admin.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
  editor = new ApiClient(server.baseUrl);
  member = new ApiClient(server.baseUrl);
  const editorId = await join(editor, 'writer');
  memberId = await join(member, 'learner');
  expect((await member.call('PATCH', `/users/${editorId}`, { role: 'editor' })).status).toBe(403);
  expect((await admin.call('PATCH', `/users/${editorId}`, { role: 'admin' })).status).toBe(400);
  expect((await admin.call('PATCH', `/users/${editorId}`, { role: 'editor' })).status).toBe(200);
  expect((await editor.call('GET', '/me')).body.role).toBe('editor');
}, 240_000);

afterAll(async () => {
  await Promise.all([server?.stop(), fresh?.stop()]);
});


const article = {
  slug: 'kernel-trick',
  title: { zh: '核技巧', en: 'The kernel trick' },
  category: 'Maths',
  summary: { en: 'Inner products in a feature space, computed as $k(x,y)$.' },
  date: '2026-12-01',
  source: 'https://example.org/kernels',
};

describe(`content the group writes (real server, ${realDatabase})`, () => {
  it('lets only editors and admins write, also refusing a forged cross-site request', async () => {
    expect((await member.call('POST', '/articles', article)).status).toBe(403);
    expect((await editor.call('POST', '/articles', article, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await new ApiClient(server.baseUrl).call('POST', '/articles', article)).status).toBe(401);
    const created = await editor.call('POST', '/articles', article);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ slug: 'kernel-trick' });
    expect((await editor.call('POST', '/articles', article)).status).toBe(409);
    expect((await editor.call('POST', '/articles', { ...article, slug: 'Bad Slug' })).status).toBe(400);
    expect((await editor.call('POST', '/articles', { slug: 'no-title', title: {} })).status).toBe(400);
    expect((await member.call('POST', '/articles/kernel-trick/cards', { kind: 'basic', front: { en: 'x' }, back: { en: 'y' } })).status).toBe(403);
    const list = await member.call('GET', '/articles');
    expect((list.body as unknown as { slug: string }[]).map((a) => a.slug)).toContain('kernel-trick');
    expect((list.body as unknown as unknown[]).length).toBe(13);
  });

  it('refuses a card with a TeX or cloze error, naming the field, and stores nothing', async () => {
    const bad = await editor.call('POST', '/articles/kernel-trick/cards', { kind: 'basic', front: { en: 'What is $\\frac{1}$?' }, back: { en: 'ok' } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems).toEqual([expect.objectContaining({ path: ['front', 'en'], message: expect.stringMatching(/TeX error/) })]);
    const cloze = await editor.call('POST', '/articles/kernel-trick/cards', { kind: 'cloze', text: { zh: '没有挖空', en: 'an {{c1::open' } });
    expect(cloze.status).toBe(400);
    expect((cloze.body.problems as { path: string[] }[]).map((p) => p.path.join('.'))).toEqual(['text.zh', 'text.en']);
    const huge = await editor.call('POST', '/articles/kernel-trick/cards', { kind: 'basic', front: { en: 'x'.repeat(9000) }, back: { en: 'y' } });
    expect(huge.status).toBe(400);
    expect(huge.body.error).toMatch(/at most 8000 characters/);
    expect(await server.database.query(`select "id" from "Card" where "articleSlug" = 'kernel-trick'`)).toHaveLength(0);
  });

  let basicId = '';
  it('creates basic and cloze cards in one or both languages that members study', async () => {
    const basic = await editor.call('POST', '/articles/kernel-trick/cards', {
      id: 'gram-matrix',
      kind: 'basic',
      front: { zh: '格拉姆矩阵 $K_{ij}$ 是什么？', en: 'What is the Gram matrix $K_{ij}$?' },
      back: { zh: '$K_{ij}=k(x_i,x_j)$', en: '$K_{ij}=k(x_i,x_j)$' },
      tags: ['kernels', 'matrices'],
    });
    expect(basic.status).toBe(201);
    expect(basic.body).toEqual({ id: 'kernel-trick/gram-matrix', version: 1 });
    basicId = basic.body.id as string;
    const cloze = await editor.call('POST', '/articles/kernel-trick/cards', { kind: 'cloze', text: { en: 'The RBF kernel is {{c1::$e^{-\\gamma\\|x-y\\|^2}$}} and is {{c2::positive definite}}.' } });
    expect(cloze.status).toBe(201);
    const clozeCards = await server.database.query<{ id: string }>('select "id" from "Card" where "noteId" = ? order by "id"', cloze.body.id);
    expect(clozeCards.map((c) => c.id)).toEqual([`${cloze.body.id}/c1`, `${cloze.body.id}/c2`]);

    // A zh learner sees zh where it exists, else the English text.
    const queue = await member.call('GET', '/queue?limit=50&article=kernel-trick');
    expect(queue.status).toBe(200);
    const cards = (queue.body as unknown as { cards: { id: string; front: string }[] }).cards;
    expect(cards.map((c) => c.id)).toEqual(['kernel-trick/gram-matrix', `${cloze.body.id}/c1`]);
    expect(cards[0]!.front).toContain('格拉姆矩阵');
    expect(cards[1]!.front).toContain('The RBF kernel');
    const progress = await member.call('GET', '/progress');
    expect((progress.body.topics as { slug: string; cards: number }[]).find((t) => t.slug === 'kernel-trick')).toMatchObject({ cards: 3 });
    const group = await member.call('GET', '/group/progress');
    expect((group.body.topics as { slug: string; cards: number }[]).find((t) => t.slug === 'kernel-trick')).toMatchObject({ cards: 3 });
    const page = await fetch(`${server.baseUrl}/`, { headers: { cookie: await cookieOf(member) } });
    expect(await page.text()).toContain('核技巧');
  });

  it('keeps every version and the review history when a card is edited, and retires without losing history', async () => {
    const reviewId = randomUUID();
    expect((await member.call('POST', '/reviews', { id: reviewId, cardId: basicId, rating: 3 })).status).toBe(200);
    const edit = await editor.call('PATCH', `/cards/${encodeURIComponent(basicId)}`, {
      kind: 'basic',
      front: { zh: '格拉姆矩阵 $K$ 的元素是什么？', en: 'What are the entries of the Gram matrix $K$?' },
      back: { zh: '$K_{ij}=k(x_i,x_j)$', en: '$K_{ij}=k(x_i,x_j)$' },
      tags: ['kernels', 'matrices'],
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toEqual({ id: basicId, version: 2 });
    expect((await member.call('PATCH', `/cards/${encodeURIComponent(basicId)}`, { kind: 'basic', front: { en: 'x' }, back: { en: 'y' } })).status).toBe(403);
    const detail = await member.call('GET', `/cards/${encodeURIComponent(basicId)}`);
    const versions = detail.body.versions as { version: number; author: string; changed: string[]; change: string }[];
    expect(versions.map((v) => [v.version, v.author, v.change])).toEqual([
      [2, 'writer', 'edited'],
      [1, 'writer', 'created'],
    ]);
    expect(versions[0]!.changed).toEqual(['front.en', 'front.zh']);
    expect(await server.database.query('select "id" from "Review" where "id" = ? and "cardId" = ? and "userId" = ?', reviewId, basicId, memberId)).toHaveLength(1);
    const log = await member.call('GET', '/reviews?format=csv');
    expect(String(log.body).trim().split('\n')).toHaveLength(2);

    const retired = await editor.call('DELETE', `/cards/${encodeURIComponent(basicId)}`);
    expect(retired.body).toEqual({ id: basicId, version: 3 });
    const queue = await member.call('GET', '/queue?limit=50&article=kernel-trick');
    expect((queue.body.cards as { id: string }[]).map((c) => c.id)).not.toContain(basicId);
    expect(await server.database.query('select "id" from "Review" where "id" = ?', reviewId)).toHaveLength(1);
    // Writing it again restores the card with its history.
    const back = await editor.call('PATCH', `/cards/${encodeURIComponent(basicId)}`, {
      kind: 'basic',
      front: { zh: '格拉姆矩阵 $K$ 的元素是什么？', en: 'What are the entries of the Gram matrix $K$?' },
      back: { zh: '$K_{ij}=k(x_i,x_j)$', en: '$K_{ij}=k(x_i,x_j)$' },
      tags: ['kernels', 'matrices'],
    });
    expect(back.body).toEqual({ id: basicId, version: 4 });
  });

  it('finds cards by text in either language, by article and by tag', async () => {
    const zh = await member.call('GET', `/search?q=${encodeURIComponent('矩阵')}&article=kernel-trick`);
    expect(zh.status).toBe(200);
    expect(zh.body.cards).toEqual([expect.objectContaining({ id: basicId, article: 'kernel-trick', kind: 'basic', front: expect.stringContaining('格拉姆矩阵') })]);
    expect(zh.body.total).toBe(1);
    const en = await member.call('GET', '/search?q=gram%20entr');
    expect((en.body.cards as { id: string }[]).map((c) => c.id)).toEqual([basicId]);
    const bundled = await member.call('GET', `/search?q=${encodeURIComponent('低秩')}`);
    expect((bundled.body.total as number) > 0).toBe(true);
    expect((bundled.body.cards as { article: string }[]).every((c) => c.article === 'lora' || c.article.length > 0)).toBe(true);
    const tagged = await member.call('GET', '/search?tag=kernels');
    expect((tagged.body.cards as { id: string }[]).map((c) => c.id)).toEqual([basicId]);
    expect((await member.call('GET', `/search?q=${'x'.repeat(300)}`)).status).toBe(400);
    expect((await member.call('GET', '/search?q=%22%20OR%20*')).status).toBe(200);
    expect((await new ApiClient(server.baseUrl).call('GET', '/search?q=a')).status).toBe(401);
  });

  it('renders authored Markdown inert: no raw HTML, script, javascript: links or trusted KaTeX commands', async () => {
    const hostile = {
      kind: 'basic',
      front: { en: '<script>window.pwned=1</script> <img src=x onerror="window.pwned=2"> [click](javascript:alert(1))' },
      back: { en: 'Formula $\\href{javascript:alert(1)}{x}$ and $\\htmlClass{evil}{y}$' },
    };
    const created = await editor.call('POST', '/articles/kernel-trick/cards', hostile);
    expect(created.status).toBe(201);
    const page = await fetch(`${server.baseUrl}/articles/kernel-trick`, { headers: { cookie: await cookieOf(member) } });
    const html = await page.text();
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toContain('class="evil"');
    expect(html).toContain('&lt;script&gt;');
    await editor.call('DELETE', `/cards/${encodeURIComponent(created.body.id as string)}`);
  });

  let exported = '';
  it('exports the article as YAML that imports into a fresh install with the same article and cards', async () => {
    expect((await member.call('GET', '/articles/kernel-trick/export?format=pdf')).body).toEqual({ error: 'unsupported format' });
    expect((await member.call('GET', '/articles/kernel-trick/export?history=1')).status).toBe(400);
    const response = await fetch(`${server.baseUrl}/api/v1/articles/kernel-trick/export`, { headers: { cookie: await cookieOf(member) } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/yaml/);
    exported = await response.text();

    const other = new ApiClient(fresh.baseUrl);
    expect((await other.call('POST', '/setup', { username: 'admin', password: 'correct horse' })).status).toBe(201);
    const imported = await other.call('POST', '/articles/import', exported, { 'content-type': 'application/yaml' });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ slug: 'kernel-trick', cards: 2 });

    const articleRow = (app: AppServer) =>
      app.database.query(`select "slug", "titleZh", "titleEn", "category", "date", "summaryZh", "summaryEn", "sourceUrl" from "Article" where "slug" = 'kernel-trick'`);
    expect(await articleRow(fresh)).toEqual(await articleRow(server));
    const noteRows = (app: AppServer) =>
      app.database.query(`select "id", "kind", "fields", "tags" from "Note" where "articleSlug" = 'kernel-trick' and "retiredAt" is null order by "position"`);
    expect(await noteRows(fresh)).toEqual(await noteRows(server));
    const cardRows = (app: AppServer) =>
      app.database.query(`select "id", "kind", "noteId", "content", "contentHash" from "Card" where "articleSlug" = 'kernel-trick' and "retiredAt" is null order by "position"`);
    expect(await cardRows(fresh)).toEqual(await cardRows(server));
    const again = await fetch(`${fresh.baseUrl}/api/v1/articles/kernel-trick/export`, { headers: { cookie: await cookieOf(other) } });
    expect(await again.text()).toBe(exported);
  });

  it('imports nothing from a broken file and names every problem with its line', async () => {
    const file = parseYaml(exported) as { slug: string; cards: Record<string, unknown>[] };
    const broken = [
      'slug: kernel-trick-2',
      'title:',
      '  en: Broken',
      'cards:',
      '  - id: one',
      '    kind: basic',
      '    front: {en: "fine $x$"}',
      '    back: {en: "bad $\\\\frac{1}$"}',
      '  - id: two',
      '    kind: cloze',
      '    text: {en: "no deletion here"}',
      '  - id: one',
      '    kind: basic',
      '    front: {en: "dup"}',
      '  - id: three',
      '    kind: essay',
    ].join('\n');
    const response = await editor.call('POST', '/articles/import', broken);
    expect(response.status).toBe(400);
    const problems = response.body.problems as { line: number; message: string }[];
    expect(problems.map((p) => p.line)).toEqual([8, 11, 12, 12, 16]);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/TeX error[\s\S]*at least one deletion[\s\S]*duplicate card id one/);
    const semantic = await editor.call('POST', '/articles/import', broken.split('\n').slice(0, 11).join('\n') + '\n  - id: one\n    kind: basic\n    front: {en: dup}\n    back: {en: dup}\n');
    expect(semantic.status).toBe(400);
    expect((semantic.body.problems as { line: number }[]).map((p) => p.line)).toEqual([8, 11, 12]);
    expect(semantic.body.error).toMatch(/line 8: cards\.0\.back\.en: TeX error/);
    const yamlError = await editor.call('POST', '/articles/import', 'slug: x\ntitle: [unclosed\n');
    expect(yamlError.status).toBe(400);
    expect((yamlError.body.problems as { line: number }[])[0]!.line).toBeGreaterThan(0);
    expect(await server.database.query(`select "slug" from "Article" where "slug" = 'kernel-trick-2'`)).toHaveLength(0);
    expect(await server.database.query(`select "id" from "Note" where "articleSlug" = 'kernel-trick-2'`)).toHaveLength(0);
    expect((await editor.call('POST', '/articles/import', exported)).status).toBe(400);
    expect((await member.call('POST', '/articles/import', { ...file, slug: 'x-y' })).status).toBe(403);
    const tooBig = await editor.call('POST', '/articles/import', 'x'.repeat(3 * 1024 * 1024));
    expect(tooBig.status).toBe(413);
  });

  it('previews a bulk paste with its problems, then creates all cards or none', async () => {
    const text = ['Q: What is $k(x,y)$?', 'A: An inner product $\\langle\\phi(x),\\phi(y)\\rangle$.', 'T: kernels', '---', 'C(zh): 核矩阵是{{c1::半正定}}的。', 'C(en): A kernel matrix is {{c1::positive semidefinite}}.', '---', 'Q: broken $\\frac{1}$', 'A: x'].join('\n');
    const preview = await editor.call('POST', '/articles/kernel-trick/cards/paste', { text, lang: 'en' });
    expect(preview.status).toBe(200);
    expect((preview.body.cards as { kind: string }[]).map((c) => c.kind)).toEqual(['basic', 'cloze', 'basic']);
    expect(preview.body.problems).toEqual([{ line: 8, message: expect.stringMatching(/^front\.en: TeX error/) }]);
    const refused = await editor.call('POST', '/articles/kernel-trick/cards/paste', { text, lang: 'en', confirm: true });
    expect(refused.status).toBe(400);
    const fixed = text.replace('broken $\\frac{1}$', 'fixed $\\frac{1}{2}$');
    const created = await editor.call('POST', '/articles/kernel-trick/cards/paste', { text: fixed, lang: 'en', confirm: true });
    expect(created.status).toBe(201);
    expect((created.body.ids as string[]).length).toBe(3);
    expect((await member.call('POST', '/articles/kernel-trick/cards/paste', { text: fixed, lang: 'en' })).status).toBe(403);
  });
});

async function cookieOf(client: ApiClient): Promise<string> {
  return (client as unknown as { cookie: string }).cookie;
}
