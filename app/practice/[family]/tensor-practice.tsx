'use client';

import { useState, type FormEvent } from 'react';
// NOTE: the tensor programs only (not the engine's index, whose answer machinery would bloat the page);
// TensorFlow.js itself is imported inside `loadTensorFlow`, on demand.
import { binomialLaw, runTensorProgram, type TensorFigures } from '@/engine/tensor-runs';
import type { MessageKey } from '@/lib/i18n';
import type { CheckResponse } from '@/lib/study-types';
import type { PracticeInstance, RunReport } from '@/lib/tensor-runs';
import { LoadBars, SaturationBars, short, TimePlot, WalkHistogram } from './tensor-plots';

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
      const started = performance.now();
      const measured = runTensorProgram(loaded.tf, instance.program, instance.seed, () => performance.now());
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
      {report && (
        <div className="tensor-output" data-testid="tensor-output" data-runs={runs}>
          <dl className="tensor-facts">
            <dt>{text.practiceBackend}</dt>
            <dd data-testid="tensor-backend">{report.backend}</dd>
            <dt>{text.practiceRunTime}</dt>
            <dd data-testid="tensor-ms">{short(report.ms)} ms</dd>
            <Figures figures={report.measured} instance={instance} text={text} revealFlops={answered} />
          </dl>
          <Plot figures={report.measured} instance={instance} text={text} />
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

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

/** The measured values, labelled. FLOP counts wait until the prediction is answered (they give it away). */
function Figures({ figures, instance, text, revealFlops }: { figures: TensorFigures; instance: PracticeInstance; text: Text; revealFlops: boolean }) {
  switch (figures.kind) {
    case 'linear-attention': {
      const top = figures.timings.at(-1);
      return (
        <>
          <Figure label="n, d, dᵥ" value={`${figures.n}, ${figures.d}, ${figures.dv}`} />
          <Figure label={text.tensorMaxAbsDiff} value={`${short(figures.maxAbsDiff)} (max |out| ${short(figures.maxAbs)})`} testId="max-abs-diff" />
          {top && <Figure label={`${text.tensorTimeRatio} (n = ${top.n})`} value={`${short(top.quadraticMs)} ms / ${short(top.linearMs)} ms ≈ ${short(top.quadraticMs / Math.max(top.linearMs, 1e-3))}`} />}
          {revealFlops && <Figure label={text.tensorFlops} value={`${figures.flopsQuadratic.toLocaleString('en')} / ${figures.flopsLinear.toLocaleString('en')}`} />}
        </>
      );
    }
    case 'qk-variance':
      return (
        <>
          <Figure label="d, samples" value={`${figures.d}, ${figures.samples}`} />
          <Figure label={text.tensorVarRaw} value={short(figures.varRaw)} testId="var-raw" />
          <Figure label={text.tensorVarScaled} value={short(figures.varScaled)} testId="var-scaled" />
          <Figure label={`${text.tensorMaxWeight} (${figures.queries}×${figures.keys})`} value={`${short(figures.maxWeightRaw)} → ${short(figures.maxWeightScaled)}`} />
          <Figure label={text.tensorSaturated} value={`${short(figures.saturatedRaw)} → ${short(figures.saturatedScaled)}`} />
        </>
      );
    case 'walk': {
      const asked = walkAsked(instance);
      const hits = figures.counts.reduce((s, c, j) => s + (asked(2 * j - figures.n) ? c : 0), 0);
      return (
        <>
          <Figure label={text.tensorWalks} value={`${figures.walks} × ${figures.n}`} />
          <Figure label={text.tensorMeanVar} value={`${short(figures.mean)} / ${short(figures.variance)}`} />
          <Figure label={`${text.tensorEmpirical}: ${walkEvent(instance)}`} value={`${hits} / ${figures.walks} = ${short(hits / figures.walks)}`} testId="walk-estimate" />
        </>
      );
    }
    case 'moe': {
      const mean = figures.loads.reduce((s, x) => s + x, 0) / figures.loads.length;
      const sd = Math.sqrt(figures.loads.reduce((s, x) => s + (x - mean) ** 2, 0) / figures.loads.length);
      return (
        <>
          <Figure label="T, E, k" value={`${figures.tokens}, ${figures.experts}, ${figures.k}`} />
          <Figure label={text.tensorLoadSpread} value={`${short(mean)} / ${short(sd)}`} testId="load-spread" />
          <Figure label={text.tensorCapacity} value={String(figures.capacity)} />
          <Figure label={text.tensorDropped} value={String(figures.dropped)} />
        </>
      );
    }
  }
}

function walkParams(instance: PracticeInstance): { k: number; ask: string } {
  const params = instance.params as { k?: number; ask?: string };
  return { k: params.k ?? 0, ask: params.ask ?? 'eq' };
}

function walkAsked(instance: PracticeInstance): (position: number) => boolean {
  const { k, ask } = walkParams(instance);
  return ask === 'ge' ? (s) => s >= k : (s) => s === k;
}

function walkEvent(instance: PracticeInstance): string {
  const { k, ask } = walkParams(instance);
  return `S ${ask === 'ge' ? '≥' : '='} ${k}`;
}

function Plot({ figures, instance, text }: { figures: TensorFigures; instance: PracticeInstance; text: Text }) {
  switch (figures.kind) {
    case 'linear-attention':
      return <TimePlot timings={figures.timings} labels={{ quadratic: text.tensorOrderQuadratic, linear: text.tensorOrderLinear, title: text.tensorTimePlot }} />;
    case 'qk-variance':
      return (
        <SaturationBars
          rows={[
            { label: text.tensorMaxWeight, unscaled: figures.maxWeightRaw, scaled: figures.maxWeightScaled },
            { label: text.tensorSaturated, unscaled: figures.saturatedRaw, scaled: figures.saturatedScaled },
          ]}
          labels={{ unscaled: text.tensorUnscaled, scaled: text.tensorScaled }}
        />
      );
    case 'walk':
      return (
        <WalkHistogram
          n={figures.n}
          walks={figures.walks}
          counts={figures.counts}
          law={binomialLaw(figures.n, instance.program.kind === 'walk' ? instance.program.p : 0.5)}
          asked={walkAsked(instance)}
          labels={{ title: text.tensorHistogram, empirical: text.tensorEmpirical, exact: text.tensorExactLaw }}
        />
      );
    case 'moe':
      return (
        <LoadBars
          loads={figures.loads}
          mean={(figures.tokens * figures.k) / figures.experts}
          capacity={figures.capacity}
          labels={{ title: text.tensorLoads, mean: text.tensorMean, capacity: text.tensorCapacity }}
        />
      );
  }
}
