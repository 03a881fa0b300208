'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { MessageKey } from '@/lib/i18n';

export interface ArticleValues {
  readonly slug: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly category: string;
  readonly date: string;
  readonly source: string;
  readonly summaryZh: string;
  readonly summaryEn: string;
}

const pair = (zh: string, en: string) => ({ ...(zh.trim() ? { zh } : {}), ...(en.trim() ? { en } : {}) });

/** Creates an article (then opens its editor) or edits one. */
export function ArticleForm({ text, initial }: { text: Record<MessageKey, string>; initial?: ArticleValues }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const get = (name: string) => String(form.get(name) ?? '');
    const summary = pair(get('summaryZh'), get('summaryEn'));
    const body = {
      title: pair(get('titleZh'), get('titleEn')),
      category: get('category').trim(),
      ...(Object.keys(summary).length > 0 ? { summary } : {}),
      ...(get('date') ? { date: get('date') } : {}),
      ...(get('source').trim() ? { source: get('source').trim() } : {}),
    };
    try {
      const response = initial
        ? await fetch(`/api/v1/articles/${encodeURIComponent(initial.slug)}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
        : await fetch('/api/v1/articles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slug: get('slug').trim(), ...body }) });
      const payload = (await response.json().catch(() => ({}))) as { error?: string; slug?: string };
      if (!response.ok) return setError(payload.error ?? `HTTP ${response.status}`);
      if (initial) {
        setSaved(true);
        router.refresh();
      } else router.push(`/articles/${payload.slug}/edit`);
    } catch {
      setError(text.networkError);
    }
  }

  return (
    <form className="form article-form" onSubmit={submit} data-testid="article-form">
      {!initial && (
        <label>
          {text.slug}
          <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={60} />
        </label>
      )}
      <label>
        {text.titleZh}
        <input name="titleZh" defaultValue={initial?.titleZh} maxLength={200} lang="zh-CN" />
      </label>
      <label>
        {text.titleEn}
        <input name="titleEn" defaultValue={initial?.titleEn} maxLength={200} lang="en" />
      </label>
      <label>
        {text.category}
        <input name="category" defaultValue={initial?.category} maxLength={60} />
      </label>
      <label>
        {text.date}
        <input name="date" type="date" defaultValue={initial?.date} />
      </label>
      <label>
        {text.sourceLink}
        <input name="source" type="url" defaultValue={initial?.source} maxLength={500} />
      </label>
      <label>
        {text.summaryZh}
        <textarea name="summaryZh" rows={4} defaultValue={initial?.summaryZh} lang="zh-CN" />
      </label>
      <label>
        {text.summaryEn}
        <textarea name="summaryEn" rows={4} defaultValue={initial?.summaryEn} lang="en" />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="success" role="status">
          {text.saved}
        </p>
      )}
      <button type="submit" className="primary">
        {initial ? text.saveArticle : text.createArticle}
      </button>
    </form>
  );
}

/** Imports an article file; shows every problem with its line when the file is refused. */
export function ImportForm({ text }: { text: Record<MessageKey, string> }) {
  const router = useRouter();
  const [problems, setProblems] = useState<{ line?: number; message: string }[]>([]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblems([]);
    const file = (new FormData(event.currentTarget).get('file') as File | null) ?? null;
    if (!file || file.size === 0) return;
    try {
      const response = await fetch('/api/v1/articles/import', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: await file.text() });
      const payload = (await response.json().catch(() => ({}))) as { error?: string; slug?: string; problems?: { line: number; path?: string; message: string }[] };
      if (response.status === 201) return router.push(`/articles/${payload.slug}`);
      setProblems(payload.problems?.map((p) => ({ line: p.line, message: p.path ? `${p.path}: ${p.message}` : p.message })) ?? [{ message: payload.error ?? `HTTP ${response.status}` }]);
    } catch {
      setProblems([{ message: text.networkError }]);
    }
  }

  return (
    <form className="form" onSubmit={submit} data-testid="import-form">
      <label>
        {text.importFile}
        <input name="file" type="file" accept=".yaml,.yml,application/yaml,text/yaml" required />
      </label>
      <button type="submit">{text.importSubmit}</button>
      {problems.length > 0 && (
        <ul className="error" role="alert" data-testid="import-problems">
          {problems.map((p, i) => (
            <li key={i}>
              {p.line !== undefined ? `${text.lineLabel.replace('{n}', String(p.line))}: ` : ''}
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** A button that calls the API and refreshes the page (or goes to `next`). */
export function ActionButton({ url, method = 'POST', body, label, testId, next, className }: { url: string; method?: string; body?: unknown; label: string; testId?: string; next?: string; className?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function act() {
    setError(null);
    try {
      const response = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) return setError(((await response.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${response.status}`);
      if (next) router.push(next);
      else router.refresh();
    } catch {
      setError('network error');
    }
  }
  return (
    <>
      <button type="button" className={className ?? 'link-button'} onClick={act} data-testid={testId}>
        {label}
      </button>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}
