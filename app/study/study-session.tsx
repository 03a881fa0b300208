'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { studyScreenTexts } from '@/lib/i18n';
import { problemRating, suggestedRating, type ProblemOutcome } from '@/lib/review-rating';
import type { CheckResponse, QueueCard, QueueResponse, Rating } from '@/lib/study-types';
import { AnswerForm, type AnswerValue } from './answer-form';
import { loadOutbox, saveOutbox, sendReview, type PendingReview } from './outbox';

type Text = Record<(typeof studyScreenTexts)[number], string>;

interface Attempt {
  readonly answer: AnswerValue;
  readonly result: CheckResponse;
}

interface Done {
  readonly card: QueueCard;
  readonly reviewId: string;
}

const ratings: readonly Rating[] = [1, 2, 3, 4];

/**
 * Cards come as Markdown with TeX and are rendered here by the server's renderer (lib/rich-text.ts: Markdown
 * without raw HTML, KaTeX without trust, images only from the app's media store), loaded beside the first
 * queue rather than with the page: a queue is a few KB instead of hundreds of KB of KaTeX HTML.
 */
type Renderer = (source: string) => string;

export function StudySession({ text, article }: { text: Text; article: string | null }) {
  const [queue, setQueue] = useState<QueueCard[] | null>(null);
  const [counts, setCounts] = useState<QueueResponse['counts'] | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [attempts, setAttempts] = useState<Attempt[]>([]);
  const [solution, setSolution] = useState<string | null>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [pending, setPending] = useState(0);
  const [offline, setOffline] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<Done[]>([]);
  const [render, setRender] = useState<Renderer | null>(null);
  const shownAt = useRef(Date.now());
  const flushing = useRef<Promise<void> | null>(null);

  const loadQueue = useCallback(async () => {
    try {
      const [response, rich] = await Promise.all([fetch(`/api/v1/queue?limit=100${article ? `&article=${encodeURIComponent(article)}` : ''}`), import('@/lib/rich-text')]);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as QueueResponse;
      setRender(() => rich.renderRich);
      const waiting = new Set(loadOutbox().map((entry) => entry.cardId));
      resetCardView();
      setQueue(body.cards.filter((card) => !waiting.has(card.id)));
      setCounts(body.counts);
      setError(null);
    } catch {
      setError(text.networkError);
      setQueue((current) => current ?? []);
    }
  }, [article, text.networkError]);

  // NOTE: one flush at a time; callers that need the outbox settled (undo) await the running one.
  const flush = useCallback((): Promise<void> => {
    if (flushing.current) return flushing.current;
    const run = (async () => {
      for (;;) {
        const outbox = loadOutbox();
        setPending(outbox.length);
        const next = outbox[0];
        if (!next) break;
        const outcome = await sendReview(next);
        if (outcome.kind === 'retry') {
          setOffline(true);
          break;
        }
        setOffline(false);
        saveOutbox(loadOutbox().filter((entry) => entry.id !== next.id));
        if (outcome.kind === 'rejected') setError(`${text.reviewRejected} (${next.cardId})${outcome.message ? `: ${outcome.message}` : ''}`);
      }
    })().finally(() => {
      flushing.current = null;
    });
    flushing.current = run;
    return run;
  }, [text.reviewRejected]);

  useEffect(() => {
    void flush().then(loadQueue);
    const timer = setInterval(() => void flush(), 5000);
    const online = () => void flush();
    window.addEventListener('online', online);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', online);
    };
  }, [flush, loadQueue]);

  const card = queue?.[0] ?? null;
  const following = queue?.[1] ?? null;

  useEffect(() => {
    shownAt.current = Date.now();
  }, [card?.id, card?.problem?.seed]);

  // NOTE: the card after this one is rendered once this one is on screen, while the learner reads it (the
  // renderer keeps what it rendered), so a grade shows it at once.
  useEffect(() => {
    if (!following || !render) return;
    const timer = setTimeout(() => {
      render(following.front);
      if (following.back) render(following.back);
    }, 0);
    return () => clearTimeout(timer);
  }, [following, render]);

  // NOTE: reset in the same update that changes the card, so the next card never flashes its answer.
  function resetCardView() {
    setRevealed(false);
    setAttempts([]);
    setSolution(null);
    setUnreadable(null);
  }

  useEffect(() => {
    if (queue && queue.length === 0 && pending === 0 && !offline) void loadQueue();
    // NOTE: only when the local queue runs dry, to pick up learning cards that came due.
  }, [queue?.length === 0, pending, offline]); // eslint-disable-line react-hooks/exhaustive-deps

  async function check(answer: AnswerValue, reveal = false) {
    if (!card) return;
    setChecking(true);
    try {
      const response = await fetch('/api/v1/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cardId: card.id, seed: card.problem?.seed, answer, reveal }),
      });
      const body = (await response.json()) as CheckResponse & { error?: string };
      if (!response.ok) {
        setError(body.error ?? `HTTP ${response.status}`);
        return;
      }
      setUnreadable(null);
      if (reveal) setSolution(body.solutionHtml ?? null);
      // NOTE: an answer that cannot be read is not an attempt: the learner fixes it and checks again.
      else if (body.kind === 'invalid') setUnreadable(body.message);
      else {
        setAttempts((list) => [...list, { answer, result: body }]);
        if (body.correct) setSolution(body.solutionHtml ?? null);
      }
    } catch {
      setError(text.networkError);
    } finally {
      setChecking(false);
    }
  }

  function grade(chosen: Rating) {
    if (!card) return;
    const last = attempts.at(-1);
    const gradedAt = Date.now();
    const entry: PendingReview = {
      id: crypto.randomUUID(),
      cardId: card.id,
      // NOTE: the rating the server will record (lib/review-rating.ts), so the log never differs from the screen.
      rating: outcome ? problemRating(outcome, chosen) : chosen,
      ...(card.kind === 'problem' && last ? { answer: last.answer } : {}),
      durationMs: Math.min(gradedAt - shownAt.current, 3_600_000),
      reviewedAt: new Date(gradedAt).toISOString(),
    };
    saveOutbox([...loadOutbox(), entry]);
    setPending(loadOutbox().length);
    setHistory((list) => [...list.slice(-19), { card, reviewId: entry.id }]);
    resetCardView();
    setQueue((list) => (list ?? []).slice(1));
    setCounts((c) => (c ? { ...c, [card.queue]: Math.max(0, c[card.queue] - 1) } : c));
    void flush();
  }

  async function undo() {
    const last = history.at(-1);
    if (!last) return;
    if (flushing.current) await flushing.current;
    const outbox = loadOutbox();
    if (outbox.some((entry) => entry.id === last.reviewId)) {
      saveOutbox(outbox.filter((entry) => entry.id !== last.reviewId));
    } else {
      const response = await fetch(`/api/v1/reviews/${last.reviewId}/undo`, { method: 'POST' }).catch(() => null);
      if (!response?.ok) {
        setError(text.undoFailed);
        return;
      }
    }
    setPending(loadOutbox().length);
    setHistory((list) => list.slice(0, -1));
    resetCardView();
    setQueue((list) => [last.card, ...(list ?? []).filter((c) => c.id !== last.card.id)]);
    setCounts((c) => (c ? { ...c, [last.card.queue]: c[last.card.queue] + 1 } : c));
  }

  async function suspendCard() {
    if (!card) return;
    const response = await fetch(`/api/v1/cards/${encodeURIComponent(card.id)}/suspend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ suspended: true }),
    }).catch(() => null);
    if (!response?.ok) {
      setError(text.networkError);
      return;
    }
    resetCardView();
    setQueue((list) => (list ?? []).slice(1));
    setCounts((c) => (c ? { ...c, [card.queue]: Math.max(0, c[card.queue] - 1) } : c));
  }

  const answered = card?.kind === 'problem' ? attempts.some((a) => a.result.correct) || solution !== null : revealed;
  const outcome: ProblemOutcome | null =
    card?.kind === 'problem' && answered ? { correct: attempts.at(-1)?.result.correct ?? false, attempts: attempts.length, solutionShown: solution !== null && !attempts.at(-1)?.result.correct } : null;
  const suggested: Rating | null = outcome ? suggestedRating(outcome) : null;

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
      if ((event.key === 'z' && (event.ctrlKey || event.metaKey)) || (!typing && event.key === 'u')) {
        event.preventDefault();
        void undo();
        return;
      }
      if (typing || !card) return;
      if (!answered && card.kind !== 'problem' && (event.key === ' ' || event.key === 'Enter')) {
        event.preventDefault();
        setRevealed(true);
        return;
      }
      if (answered && ['1', '2', '3', '4'].includes(event.key)) {
        event.preventDefault();
        grade(Number(event.key) as Rating);
        return;
      }
      if (answered && suggested && event.key === 'Enter') {
        event.preventDefault();
        grade(suggested);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const ratingLabels: Record<Rating, string> = { 1: text.again, 2: text.hard, 3: text.good, 4: text.easy };
  const lastAttempt = attempts.at(-1);

  return (
    <section className="study" aria-live="polite">
      <div className="study-bar">
        {counts && (
          <p className="counts" data-testid="counts">
            <span className="count-new" title={text.newCards}>
              {text.newCards} {counts.new}
            </span>
            <span className="count-learning" title={text.learningCards}>
              {text.learningCards} {counts.learning}
            </span>
            <span className="count-review" title={text.reviewCards}>
              {text.reviewCards} {counts.review}
            </span>
          </p>
        )}
        <button type="button" className="link-button" onClick={() => void undo()} disabled={history.length === 0} data-testid="undo">
          {text.undo} <kbd>U</kbd>
        </button>
      </div>
      {offline && (
        <p role="status" className="offline" data-testid="offline">
          {text.offline} ({pending})
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {(queue === null || (card && !render)) && <p className="muted">…</p>}
      {queue !== null && !card && (
        <div className="done" data-testid="study-done">
          <h1>{text.allDone}</h1>
          <p className="muted">{text.allDoneHint}</p>
          <Link href="/">{text.backHome}</Link>
        </div>
      )}
      {card && render && (
        <article className="study-card" data-testid="study-card" data-card-id={card.id} data-kind={card.kind} data-family={card.problem?.family} data-seed={card.problem?.seed} data-level={card.problem?.level}>
          <p className="meta">
            <span className="tag">{card.articleTitle}</span>
            <span>{card.kind === 'problem' ? text.problemCard : card.kind === 'cloze' ? text.cloze : text.basicCard}</span>
            {card.leech && <span className="tag leech">leech</span>}
          </p>
          <div className="rich card-front" data-testid="card-front" dangerouslySetInnerHTML={{ __html: render(card.front) }} />
          {card.kind !== 'problem' && !revealed && (
            <button type="button" className="primary" onClick={() => setRevealed(true)} data-testid="reveal">
              {text.showAnswer} <kbd>Space</kbd>
            </button>
          )}
          {card.kind !== 'problem' && revealed && (
            <div className="rich card-back" data-testid="card-back" dangerouslySetInnerHTML={{ __html: render(card.back ?? '') }} />
          )}
          {card.kind === 'problem' && card.problem && (
            <>
              <AnswerForm problem={card.problem} disabled={checking || answered} text={text} onSubmit={(answer) => void check(answer)} />
              {unreadable && (
                <p role="alert" className="error" data-testid="unreadable">
                  {unreadable}
                </p>
              )}
              {lastAttempt && !unreadable && (
                <p role="status" className={lastAttempt.result.correct ? 'verdict success' : 'verdict error'} data-testid="verdict">
                  {lastAttempt.result.correct ? '✓ ' : '✗ '}
                  {lastAttempt.result.message}
                </p>
              )}
              {!answered && (
                <p className="row">
                  <button type="button" className="link-button" onClick={() => void check(lastAttempt?.answer ?? '', true)} data-testid="show-solution">
                    {text.showSolution}
                  </button>
                </p>
              )}
              {solution && (
                <details open className="solution" data-testid="solution">
                  <summary>{text.workedSolution}</summary>
                  <div className="rich" dangerouslySetInnerHTML={{ __html: solution }} />
                </details>
              )}
            </>
          )}
          <p className="study-actions">
            <button type="button" className="link-button" onClick={() => void suspendCard()} data-testid="suspend">
              {text.suspend}
            </button>
            <Link href="/cards">{text.suspendedCards}</Link>
          </p>
          {answered && (
            <div className="grades" role="group" aria-label={text.grade}>
              {ratings.map((rating) => (
                <button
                  key={rating}
                  type="button"
                  className={`grade grade-${rating}${suggested === rating ? ' suggested' : ''}`}
                  onClick={() => grade(rating)}
                  data-testid={`grade-${rating}`}
                  aria-keyshortcuts={String(rating)}
                >
                  <span>{ratingLabels[rating]}</span>
                  <small>{card.intervals[`${rating}`]}</small>
                  <kbd>{rating}</kbd>
                </button>
              ))}
            </div>
          )}
        </article>
      )}
    </section>
  );
}
