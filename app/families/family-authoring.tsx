'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { MessageKey } from '@/lib/i18n';
import type { DraftReport, ShownProblem, ShownTest } from '@/lib/question-families';

interface Props {
  readonly initial: string;
  readonly text: Record<MessageKey, string>;
}

type Report = Omit<DraftReport, 'id' | 'levels'>;

const MAX_FILE_BYTES = 64 * 1024;
/** How long after the last edit the draft is checked again (the live preview). */
const LIVE_CHECK_DELAY_MS = 1_500;

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));

/** The question-file editor: check (compile + tests + one instance per level), preview, publish, import, export. */
export function FamilyAuthoring({ initial, text }: Props) {
  const [source, setSource] = useState(initial);
  const [report, setReport] = useState<Report | null>(null);
  const [checkedSource, setCheckedSource] = useState<string | null>(null);
  // NOTE: the last text sent for checking, so that a draft whose check failed (network, busy) is not re-sent in a loop.
  const [attempted, setAttempted] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [seed, setSeed] = useState(1);
  const [published, setPublished] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const router = useRouter();

  const failed = (status: number, body: { error?: string }) => setError(status === 503 ? text.familyBusy : (body.error ?? String(status)));

  const check = async (nextSeed = seed) => {
    setBusy(true);
    setAttempted(source);
    setError(null);
    setPublished(null);
    try {
      const response = await fetch(`/api/v1/families/check?seed=${nextSeed}`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: source });
      const body = (await response.json()) as Report & { error?: string };
      if (response.ok || (response.status === 422 && body.problems)) {
        setReport({ ok: body.ok, version: body.version, problems: body.problems, tests: body.tests, instances: body.instances, previews: body.previews });
        setCheckedSource(source);
        setSeed(nextSeed);
      } else failed(response.status, body);
    } catch {
      setError(text.networkError);
    } finally {
      setBusy(false);
    }
  };

  // The live preview: a draft is checked once typing pauses (one check at a time).
  useEffect(() => {
    if (busy || attempted === source) return;
    const timer = setTimeout(() => void check(), LIVE_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [source, busy, attempted]); // NOTE: `check` is left out: it reads the very state listed here.

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/families', { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: source });
      const body = (await response.json()) as { id?: string; version?: number; error?: string; problems?: ShownProblem[]; tests?: ShownTest[] };
      if (response.ok) {
        setPublished(`${body.id} · ${text.familyVersion} ${body.version}`);
        // The published list above is rendered on the server: fetch it again.
        router.refresh();
      }
      else if (body.problems) setReport({ ok: false, problems: body.problems, tests: body.tests ?? [], instances: report?.instances ?? 0, previews: report?.previews ?? [] });
      else failed(response.status, body);
    } catch {
      setError(text.networkError);
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setError(text.familyFileTooLarge);
      return;
    }
    setSource(await file.text());
    setReport(null);
    setCheckedSource(null);
    setError(null);
  };

  const exportFile = () => {
    const id = /^id:\s*([a-z0-9-]+)/m.exec(source)?.[1] ?? 'question';
    const url = URL.createObjectURL(new Blob([source], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${id}.yaml`;
    a.click();
    URL.revokeObjectURL(url);
  };

  const current = report !== null && checkedSource === source;
  const canPublish = current && report.ok && !busy;
  const line = (n: number) => fill(text.familyLine, { n });

  return (
    <section className="family-authoring">
      <h2>{text.familySource}</h2>
      <textarea
        className="family-source"
        data-testid="family-source"
        value={source}
        spellCheck={false}
        rows={24}
        onChange={(e) => setSource(e.target.value)}
        aria-label={text.familySource}
      />
      <div className="family-actions">
        <button type="button" onClick={() => check()} disabled={busy} data-testid="family-check">
          {busy ? text.familyChecking : text.familyCheck}
        </button>
        <button type="button" onClick={() => check(Math.floor(Math.random() * 1_000_000_000))} disabled={busy || !current} data-testid="family-another">
          {text.familyAnotherSeed}
        </button>
        <button type="button" onClick={publish} disabled={!canPublish} data-testid="family-publish">
          {text.familyPublish}
        </button>
        <button type="button" onClick={exportFile} data-testid="family-export">
          {text.familyExport}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          {text.familyImport}
        </button>
        <input ref={fileInput} type="file" accept=".yaml,.yml,text/yaml" hidden data-testid="family-import" onChange={(e) => importFile(e.target.files?.[0])} />
      </div>
      {!current && report && <p className="muted">{text.familyCheckFirst}</p>}
      {current && !report.ok && (
        <p className="error" data-testid="family-blocked">
          {text.familyPublishBlocked}
        </p>
      )}
      {published && (
        <p data-testid="family-published">
          {text.familyPublishedAs} <strong>{published}</strong>
        </p>
      )}
      {error && (
        <p className="error" data-testid="family-error">
          {error}
        </p>
      )}
      {report && (
        <div className="family-report" data-testid="family-report">
          <h3>{text.familyProblems}</h3>
          {report.problems.length === 0 ? (
            <p className="muted" data-testid="family-no-problems">
              {text.familyNoProblems}
            </p>
          ) : (
            <ul className="family-problems" data-testid="family-problems">
              {report.problems.map((p, i) => (
                <li key={i} className="error" data-code={p.code}>
                  {p.line !== undefined && <span className="tag">{line(p.line)}</span>} {p.path && <code>{p.path}</code>} {p.message}
                </li>
              ))}
            </ul>
          )}
          {report.tests.length > 0 && <TestList tests={report.tests} instances={report.instances} text={text} />}
          {report.previews.length > 0 && <h3>{text.familyPreview}</h3>}
          {report.previews.map((p) => (
            <div key={p.level} className="card-item family-preview" data-testid="family-preview">
              <p className="muted">
                <span className="tag">{p.level}</span> {text.familySeed} {p.seed} ·{' '}
                <span className={p.verification.ok ? undefined : 'error'} data-testid="family-verification">
                  {p.verification.ok ? `✓ ${text.familyVerified}` : `✗ ${text.familyNotVerified}: ${p.verification.detail ?? ''}`}
                </span>{' '}
                <span className="muted">({p.verification.method})</span>
              </p>
              <div className="rich" dangerouslySetInnerHTML={{ __html: p.promptHtml }} />
              <p>
                <strong>{text.familyAnswer}:</strong>{' '}
                <code data-testid="family-answer">{p.answer === 'none' ? 'none' : Object.entries(p.answer).map(([k, v]) => (Object.keys(p.answer).length > 1 ? `${k} = ${v}` : v)).join('; ')}</code>
              </p>
              <details>
                <summary>{text.familyWorked}</summary>
                <div className="rich" dangerouslySetInnerHTML={{ __html: p.stepsHtml }} />
              </details>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/** The question tests: each test's answer and the verdict it must get, its tally over the seeds, and its first failure. */
function TestList({ tests, instances, text }: { readonly tests: readonly ShownTest[]; readonly instances: number; readonly text: Record<MessageKey, string> }) {
  return (
    <>
      <h3>
        {text.familyTests} <span className="muted">({instances} {text.familyInstances})</span>
      </h3>
      <ul className="family-tests" data-testid="family-tests">
        {tests.map((tst) => (
          <li key={tst.path} className={tst.failed > 0 ? 'error' : undefined} data-testid="family-test">
            {tst.line !== undefined && <span className="tag">{fill(text.familyLine, { n: tst.line })}</span>} <code>{tst.path}</code> {text.familyTestAnswer} <code>{tst.answer}</code>{' '}
            {fill(text.familyShouldBe, { verdict: tst.correct ? text.familyExpectCorrect : text.familyExpectIncorrect })}
            {tst.note && fill(text.familyNote, { note: tst.note })}
            {tst.level && fill(text.familyOnlyLevel, { level: tst.level })}
            {text.familyColon}
            {tst.failed === 0 ? '✓' : '✗'} {tst.passed} {text.familyTestPassed}
            {tst.failed > 0 && (
              <>
                {text.familyComma}
                {tst.failed} {text.familyTestFailed}
                {tst.firstFailure && (
                  <span data-testid="family-test-failure">
                    {' — '}
                    {fill(text.familySeedLevel, { seed: tst.firstFailure.seed, level: tst.firstFailure.level })}
                    {text.familyColon}
                    {tst.firstFailure.message}
                  </span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
