'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { Lang } from '@/lib/accounts';
import type { ImportSkip, ImportSummary } from '@/lib/anki-import/types';
import type { MessageKey } from '@/lib/i18n';
import { refusalText, skipReasonText, skipSubjectText, type RefusalAnswer } from '@/lib/i18n-anki';

type Stage =
  | { readonly kind: 'idle' }
  | { readonly kind: 'busy'; readonly what: 'check' | 'import' }
  | { readonly kind: 'checked'; readonly summary: ImportSummary }
  | { readonly kind: 'done'; readonly summary: ImportSummary }
  | { readonly kind: 'refused'; readonly code?: string; readonly message: string; readonly problems: readonly ImportSkip[] };

/** Upload → summary of what will be created and skipped (a dry run) → confirm → what was imported. */
export function AnkiImport({ text, lang }: { text: Record<MessageKey, string>; lang: Lang }) {
  const [file, setFile] = useState<File | null>(null);
  const [history, setHistory] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });

  async function send(dryRun: boolean) {
    if (!file) return;
    setStage({ kind: 'busy', what: dryRun ? 'check' : 'import' });
    const query = new URLSearchParams({ filename: file.name, ...(history ? { history: '1' } : {}), ...(dryRun ? { dryRun: '1' } : {}) });
    try {
      const response = await fetch(`/api/v1/import?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file });
      const payload = (await response.json().catch(() => ({}))) as Partial<ImportSummary> & Partial<RefusalAnswer> & { problems?: ImportSkip[] };
      if (!response.ok) {
        const problems = payload.problems ?? [];
        // The refusal in the reader's language from its code and arguments; `error` (English) for a code this page does not know.
        const message = refusalText({ error: payload.error ?? `HTTP ${response.status}`, code: payload.code, args: payload.args, problems }, lang);
        return setStage({ kind: 'refused', code: payload.code, message, problems });
      }
      setStage({ kind: dryRun ? 'checked' : 'done', summary: payload as ImportSummary });
    } catch {
      setStage({ kind: 'refused', message: text.networkError, problems: [] });
    }
  }

  function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void send(true);
  }

  const busy = stage.kind === 'busy';
  return (
    <div className="anki-import">
      <form className="form" onSubmit={check} data-testid="anki-import-form">
        <label>
          {text.ankiFile}
          <input
            name="file"
            type="file"
            accept=".apkg,.colpkg,.txt,.csv,.tsv"
            required
            onChange={(event) => {
              setFile(event.currentTarget.files?.[0] ?? null);
              setStage({ kind: 'idle' });
            }}
          />
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={history}
            onChange={(event) => {
              setHistory(event.currentTarget.checked);
              setStage({ kind: 'idle' });
            }}
            data-testid="anki-history"
          />{' '}
          {text.ankiHistory}
        </label>
        <button type="submit" className={stage.kind === 'checked' || stage.kind === 'done' ? undefined : 'primary'} disabled={!file || busy} data-testid="anki-check">
          {stage.kind === 'busy' && stage.what === 'check' ? text.ankiChecking : text.ankiCheck}
        </button>
      </form>
      {stage.kind === 'refused' && (
        <div className="error" role="alert" data-testid="anki-refused" data-code={stage.code}>
          <p>{stage.message}</p>
          {stage.problems.length > 0 && <SkipList items={stage.problems} total={stage.problems.length} text={text} lang={lang} />}
        </div>
      )}
      {(stage.kind === 'checked' || stage.kind === 'done') && <Summary summary={stage.summary} text={text} lang={lang} done={stage.kind === 'done'} />}
      {stage.kind === 'checked' && (
        <p>
          <button type="button" className="primary" onClick={() => void send(false)} data-testid="anki-confirm">
            {text.ankiConfirm}
          </button>
        </p>
      )}
      {stage.kind === 'busy' && stage.what === 'import' && <p role="status">{text.ankiImporting}</p>}
    </div>
  );
}

function Summary({ summary, text, lang, done }: { summary: ImportSummary; text: Record<MessageKey, string>; lang: Lang; done: boolean }) {
  return (
    <section className="anki-summary" data-testid={done ? 'anki-done' : 'anki-summary'} role={done ? 'status' : undefined}>
      <h2>{done ? text.ankiCreated : text.ankiWillCreate}</h2>
      <ul className="anki-totals">
        <li>
          <strong>{summary.notes.created}</strong> {text.ankiNotesNew} · <strong>{summary.notes.updated}</strong> {text.ankiNotesUpdated} · <strong>{summary.notes.unchanged}</strong> {text.ankiNotesUnchanged}
        </li>
        <li>
          <strong data-testid="anki-cards">{summary.cards}</strong> {text.ankiCards} · <strong>{summary.cardsUpdated}</strong> {text.ankiCardsUpdated}
        </li>
        <li>
          <strong>{summary.media}</strong> {text.ankiMedia} · <strong data-testid="anki-reviews">{summary.reviews}</strong> {text.ankiReviews}
        </li>
      </ul>
      <h3>{text.ankiDecks}</h3>
      <ul className="anki-decks" data-testid="anki-decks">
        {summary.decks.map((deck) => (
          <li key={deck.slug + deck.name}>
            <span className="deck-name">{deck.name}</span> → {done ? <Link href={`/articles/${deck.slug}`}>{deck.slug}</Link> : <code>{deck.slug}</code>}{' '}
            <span className="muted">
              ({deck.newArticle ? text.ankiNewArticle : text.ankiExistingArticle}; {deck.notes} {text.ankiNotes.toLowerCase()}, {deck.cards} {text.cards})
            </span>
          </li>
        ))}
      </ul>
      <h3>{text.ankiSkipped}</h3>
      {summary.skippedTotal === 0 ? <p className="muted">{text.ankiNothingSkipped}</p> : <SkipList items={summary.skipped} total={summary.skippedTotal} text={text} lang={lang} />}
    </section>
  );
}

/** Each skipped item and why, in the reader's language (lib/i18n-anki.ts renders the codes). */
function SkipList({ items, total, text, lang }: { items: readonly ImportSkip[]; total: number; text: Record<MessageKey, string>; lang: Lang }) {
  return (
    <>
      <ul className="anki-skipped" data-testid="anki-skipped">
        {items.map((item, index) => (
          <li key={index} data-code={item.code}>
            <code>{skipSubjectText(item, lang)}</code>
            {lang === 'zh' ? '：' : ': '}
            {skipReasonText(item, lang)}
          </li>
        ))}
      </ul>
      {total > items.length && <p className="muted">{text.ankiSkippedMore.replace('{n}', String(total - items.length))}</p>}
    </>
  );
}
