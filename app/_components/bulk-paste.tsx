'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Lang } from '@/lib/accounts';
import type { MessageKey } from '@/lib/i18n';

interface PreviewCard {
  readonly line: number;
  readonly kind: string;
  readonly html: Record<string, { zh?: string; en?: string }>;
  readonly problems: readonly { path: readonly string[]; message: string }[];
}

interface Preview {
  readonly cards: readonly PreviewCard[];
  readonly problems: readonly { line: number; message: string }[];
}

/** Many cards at once: paste a block, see what it will create, then confirm (all or nothing). */
export function BulkPaste({ slug, text, lang }: { slug: string; text: Record<MessageKey, string>; lang: Lang }) {
  const router = useRouter();
  const [source, setSource] = useState('');
  const [pasteLang, setPasteLang] = useState<Lang>(lang);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function call(confirm: boolean) {
    setError(null);
    setMessage(null);
    try {
      const response = await fetch(`/api/v1/articles/${encodeURIComponent(slug)}/cards/paste`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: source, lang: pasteLang, ...(confirm ? { confirm: true } : {}) }),
      });
      const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (!confirm && response.ok) setPreview(body as unknown as Preview);
      else if (confirm && response.status === 201) {
        setMessage(`${(body.ids as string[]).length} ${text.pasteCreated}`);
        setSource('');
        setPreview(null);
        router.refresh();
      } else setError(String(body.error ?? `HTTP ${response.status}`));
    } catch {
      setError(text.networkError);
    }
  }

  const line = (n: number) => text.lineLabel.replace('{n}', String(n));
  return (
    <div className="bulk-paste" data-testid="bulk-paste">
      <p className="muted">{text.bulkPasteHelp}</p>
      <label>
        {text.pasteLanguage}{' '}
        <select value={pasteLang} onChange={(e) => setPasteLang(e.target.value as Lang)} data-testid="paste-lang">
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      <label className="paste-box">
        {text.pasteText}
        <textarea
          rows={10}
          value={source}
          onChange={(e) => {
            setSource(e.target.value);
            setPreview(null);
          }}
          data-testid="paste-text"
        />
      </label>
      <button type="button" onClick={() => call(false)} disabled={!source.trim()} data-testid="paste-preview">
        {text.pastePreview}
      </button>
      {preview && (
        <div data-testid="paste-result">
          {preview.problems.map((p, i) => (
            <p key={i} className="error" role="alert">
              {line(p.line)}: {p.message}
            </p>
          ))}
          <ol className="card-list">
            {preview.cards.map((card) => (
              <li key={card.line} className={`card-item${card.problems.length > 0 ? ' has-problem' : ''}`} data-testid="paste-card">
                <span className="meta">
                  <span className="tag">{card.kind === 'cloze' ? text.clozeCard : text.basicKind}</span>
                  <span>{line(card.line)}</span>
                </span>
                {Object.entries(card.html).map(([field, html]) => (
                  <div key={field} className="paste-field">
                    {html.zh && <div className="rich" dangerouslySetInnerHTML={{ __html: html.zh }} />}
                    {html.en && <div className="rich" dangerouslySetInnerHTML={{ __html: html.en }} />}
                  </div>
                ))}
              </li>
            ))}
          </ol>
          <button type="button" className="primary" onClick={() => call(true)} disabled={preview.problems.length > 0 || preview.cards.length === 0} data-testid="paste-confirm">
            {text.pasteConfirm} ({preview.cards.length})
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {message && (
        <p className="success" role="status" data-testid="paste-created">
          {message}
        </p>
      )}
    </div>
  );
}
