'use client';

import { useState, type FormEvent } from 'react';
// NOTE: the tensor programs only (not the engine's index, whose answer machinery would bloat the page);
// TensorFlow.js itself is imported inside `loadTensorFlow`, on demand.
import { programs, type TensorFigures } from '@/engine/tensor-runs';
import type { MessageKey } from '@/lib/i18n';
import type { CheckResponse } from '@/lib/study-types';
import type { PracticeInstance, RunReport } from '@/lib/tensor-runs';
import { figureFor } from './figures';
import { short } from './tensor-plots';

type Backend = 'wasm' | 'cpu';
type TensorFlow = typeof import('@tensorflow/tfjs');
type Text = Record<MessageKey, string>;

let wasmPathsSet = false;

/**
 * TensorFlow.js on the preferred backend: wasm (binaries served from /tfjs/, copied there by
 * scripts/copy-wasm.mjs) when it initialises, else cpu.
 */
async function loadTensorFlow(preferred: Backend): Promise<{ tf: TensorFlow; fellBack: boolean }> {
  const tf = await import('@tensorflow/tfjs');
  if (!wasmPathsSet) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths('/tfjs/');
    tf.enableProdMode();
    wasmPathsSet = true;
  }
  let ok = false;
  if (preferred === 'wasm') {
    try {
      ok = await tf.setBackend('wasm');
    } catch {
      ok = false;
    }
  }
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  return { tf, fellBack: preferred === 'wasm' && !ok };
}

type Recheck = { state: 'idle' } | { state: 'checking' } | { state: 'ok'; serverMs: number } | { state: 'rejected'; message: string };
type Phase = 'idle' | 'loading' | 'running' | 'done' | 'failed';

interface Props {
  readonly instance: PracticeInstance;
  readonly text: Text;
  readonly initialBackend: Backend;
}

/** Run the instance's tensor program, show and recheck the figures, then answer. */
export function TensorPractice({ instance, text, initialBackend }: Props) {
  const [backend, setBackend] = useState<Backend>(initialBackend);
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<(RunReport & { measured: TensorFigures }) | null>(null);
  const [fellBack, setFellBack] = useState(false);
  const [runs, setRuns] = useState(0);
  const [recheck, setRecheck] = useState<Recheck>({ state: 'idle' });
  const [values, setValues] = useState<Record<string, string>>({});
  const [verdict, setVerdict] = useState<CheckResponse | null>(null);
  const [solution, setSolution] = useState<string | null>(null);
  const busy = phase === 'loading' || phase === 'running';

  async function run() {
    setError(null);
    setRecheck({ state: 'idle' });
    setPhase('loading');
    try {
      const loaded = await loadTensorFlow(backend);
      setFellBack(loaded.fellBack);
      setPhase('running');
      // Let the "running" state paint before the (synchronous) run holds the main thread.
      await new Promise((resolve) => setTimeout(resolve, 30));
      const program = programs.byKind(instance.run.kind);
      if (!program) throw new Error(`no tensor program ${instance.run.kind}`);
      const started = performance.now();
      const measured = program.run(loaded.tf, instance.run.setup, instance.seed, () => performance.now());
      const ms = Math.round((performance.now() - started) * 100) / 100;
      const next = { family: instance.family, seed: instance.seed, level: instance.level, backend: loaded.tf.getBackend(), ms, measured };
      setReport(next);
      setRuns((count) => count + 1);
      setPhase('done');
      await recheckOnServer(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setPhase('failed');
    }
  }

  async function recheckOnServer(next: RunReport) {
    setRecheck({ state: 'checking' });
    try {
      const response = await fetch('/api/v1/tensor-runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(next) });
      const body = (await response.json()) as { error?: string; server?: { ms: number } };
      setRecheck(response.ok && body.server ? { state: 'ok', serverMs: body.server.ms } : { state: 'rejected', message: body.error ?? `HTTP ${response.status}` });
    } catch {
      setRecheck({ state: 'rejected', message: text.networkError });
    }
  }

  async function check(event: FormEvent<HTMLFormElement> | null, reveal = false) {
    event?.preventDefault();
    const parts = instance.parts;
    const answer = parts.length === 1 ? (values[parts[0]!.name] ?? '') : Object.fromEntries(parts.map((p) => [p.name, values[p.name] ?? '']));
    try {
      const response = await fetch('/api/v1/practice/check', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ family: instance.family, seed: instance.seed, level: instance.level, answer, reveal }),
      });
      const body = (await response.json()) as CheckResponse & { error?: string };
      if (!response.ok) {
        setVerdict({ kind: 'invalid', correct: false, note: null, message: body.error ?? `HTTP ${response.status}` });
        return;
      }
      if (!reveal || body.correct) setVerdict(body);
      if (body.solutionHtml) setSolution(body.solutionHtml);
    } catch {
      setVerdict({ kind: 'invalid', correct: false, note: null, message: text.networkError });
    }
  }

  const answered = verdict?.correct === true || solution !== null;
  const figure = figureFor(instance.run.figure, instance.run.kind);
  const drawn = report && { figures: report.measured, setup: instance.run.setup, view: instance.run.view, text, answered };

  return (
    <section className="tensor-run stack" aria-live="polite">
      <div className="tensor-controls">
        <label>
          {text.practiceBackend}{' '}
          <select value={backend} onChange={(e) => setBackend(e.target.value === 'cpu' ? 'cpu' : 'wasm')} disabled={busy} data-testid="backend-select">
            <option value="wasm">wasm</option>
            <option value="cpu">cpu</option>
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void run()} disabled={busy} data-testid="run">
          {phase === 'loading' ? text.practiceLoading : phase === 'running' ? text.practiceRunning : text.practiceRun}
        </button>
      </div>
      {fellBack && <p className="notice">{text.practiceFallback}</p>}
      {error && (
        <p role="alert" className="error" data-testid="run-error">
          {text.practiceRunError}: {error}
        </p>
      )}
      {report && drawn && (
        <div className="tensor-output" data-testid="tensor-output" data-runs={runs}>
          <dl className="tensor-facts">
            <dt>{text.practiceBackend}</dt>
            <dd data-testid="tensor-backend">{report.backend}</dd>
            <dt>{text.practiceRunTime}</dt>
            <dd data-testid="tensor-ms">{short(report.ms)} ms</dd>
            {figure.facts(drawn)}
          </dl>
          {figure.plot(drawn)}
          <p className={recheck.state === 'rejected' ? 'error' : recheck.state === 'ok' ? 'success' : 'muted'} data-testid="recheck" data-state={recheck.state}>
            {recheck.state === 'checking' && text.practiceServerChecking}
            {recheck.state === 'ok' && `✓ ${text.practiceServerOk} (${short(recheck.serverMs)} ms)`}
            {recheck.state === 'rejected' && `✗ ${text.practiceServerRejected}: ${recheck.message}`}
          </p>
          <details className="tensor-json">
            <summary>{text.practiceJson}</summary>
            <pre data-testid="tensor-result">{JSON.stringify(report, null, 1)}</pre>
          </details>
        </div>
      )}
      <form className="stack answer-form" onSubmit={(e) => void check(e)} data-testid="answer-form">
        <h2>{text.practiceAnswer}</h2>
        {instance.parts.map((part) => (
          <label key={part.name}>
            <span>
              {part.label} <small className="muted">({part.kind})</small>
            </span>
            <input
              name={part.name}
              value={values[part.name] ?? ''}
              onChange={(e) => setValues({ ...values, [part.name]: e.target.value })}
              autoComplete="off"
              spellCheck={false}
              maxLength={2000}
              data-testid={`answer-${part.name}`}
            />
          </label>
        ))}
        <p className="tensor-controls">
          <button type="submit" className="primary" data-testid="check">
            {text.check}
          </button>
          {!answered && (
            <button type="button" className="link-button" onClick={() => void check(null, true)} data-testid="show-solution">
              {text.showSolution}
            </button>
          )}
        </p>
      </form>
      {verdict && (
        <p role="status" className={verdict.correct ? 'verdict success' : 'verdict error'} data-testid="verdict" data-correct={String(verdict.correct)}>
          {verdict.correct ? '✓ ' : '✗ '}
          {verdict.message}
        </p>
      )}
      {solution && (
        <details open className="solution" data-testid="solution">
          <summary>{text.workedSolution}</summary>
          <div className="rich" dangerouslySetInnerHTML={{ __html: solution }} />
        </details>
      )}
    </section>
  );
}
