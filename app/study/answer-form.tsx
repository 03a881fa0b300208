'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProblemView } from '@/lib/study-types';

export type AnswerValue = string | Record<string, string>;

interface Props {
  readonly problem: ProblemView;
  readonly disabled: boolean;
  readonly text: Record<'check' | 'noSolution', string>;
  readonly onSubmit: (answer: AnswerValue) => void;
}

function Preview({ value, kind }: { value: string; kind: string }) {
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (value.trim() === '') {
      setHtml(null);
      setError(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch('/api/v1/preview', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: value, kind }),
          signal: controller.signal,
        });
        const body = (await response.json()) as { html?: string; error?: string };
        setHtml(body.html ?? null);
        setError(body.error ?? null);
      } catch {
        // aborted or offline: keep the last preview
      }
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value, kind]);
  if (error) return <p className="preview preview-error">{error}</p>;
  if (!html) return null;
  return <p className="preview" aria-live="polite" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** Inputs for every answer part, a live KaTeX preview of each, and "no minimum" where allowed. */
export function AnswerForm({ problem, disabled, text, onSubmit }: Props) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [none, setNone] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setValues({});
    setNone(false);
    first.current?.focus();
  }, [problem.seed, problem.family]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (disabled) return;
    if (none) return onSubmit('none');
    const parts = problem.parts;
    if (parts.length === 1) return onSubmit(values[parts[0]!.name] ?? '');
    onSubmit(Object.fromEntries(parts.map((part) => [part.name, values[part.name] ?? ''])));
  }

  return (
    <form className="stack answer-form" onSubmit={submit} data-testid="answer-form">
      {problem.parts.map((part, i) => (
        <label key={part.name}>
          <span>
            {part.label} <small className="muted">({part.kind})</small>
          </span>
          <input
            ref={i === 0 ? first : undefined}
            name={part.name}
            value={values[part.name] ?? ''}
            onChange={(e) => setValues({ ...values, [part.name]: e.target.value })}
            disabled={none || disabled}
            autoComplete="off"
            spellCheck={false}
            maxLength={2000}
            data-testid={`answer-${part.name}`}
          />
          {!none && <Preview value={values[part.name] ?? ''} kind={part.kind} />}
        </label>
      ))}
      {problem.allowsNone && (
        <label className="checkbox">
          <input type="checkbox" checked={none} onChange={(e) => setNone(e.target.checked)} disabled={disabled} data-testid="answer-none" />
          {text.noSolution}
        </label>
      )}
      <button type="submit" className="primary" disabled={disabled}>
        {text.check} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
