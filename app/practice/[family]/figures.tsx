// How the practice page draws a tensor run: a registry of figures by key (a family's `tensorRun.figure`,
// by default its program's kind). A figure gives the labelled facts of a run and a plot; a key with no
// figure here, or a figure drawn for another program, falls back to a plain list of the run's numbers.
import type { ReactNode } from 'react';
import type { JsonObject } from '@/engine';
import {
  binomialLaw,
  type LinearAttentionFigures,
  type MoeFigures,
  type ProgramSetup,
  type QkVarianceFigures,
  type TensorFigures,
  type WalkFigures,
} from '@/engine/tensor-runs';
import type { MessageKey } from '@/lib/i18n';
import { LoadBars, SaturationBars, short, TimePlot, WalkHistogram } from './tensor-plots';

type Text = Record<MessageKey, string>;

export interface FigureProps<F extends TensorFigures> {
  readonly figures: F;
  readonly setup: ProgramSetup;
  readonly view: JsonObject;
  readonly text: Text;
  /** The learner has answered (or seen the solution): figures that give the answer away may show. */
  readonly answered: boolean;
}

export interface TensorFigure<F extends TensorFigures> {
  /** The program kind whose figures it draws. */
  readonly kind: F['kind'];
  /** `<dt>/<dd>` pairs, inside the page's `<dl>`. */
  facts(props: FigureProps<F>): ReactNode;
  plot(props: FigureProps<F>): ReactNode;
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </>
  );
}

const linearAttention: TensorFigure<LinearAttentionFigures> = {
  kind: 'linear-attention',
  facts({ figures, text, answered }) {
    const top = figures.timings.at(-1);
    return (
      <>
        <Fact label="n, d, dᵥ" value={`${figures.n}, ${figures.d}, ${figures.dv}`} />
        <Fact label={text.tensorMaxAbsDiff} value={`${short(figures.maxAbsDiff)} (max |out| ${short(figures.maxAbs)})`} testId="max-abs-diff" />
        {top && <Fact label={`${text.tensorTimeRatio} (n = ${top.n})`} value={`${short(top.quadraticMs)} ms / ${short(top.linearMs)} ms ≈ ${short(top.quadraticMs / Math.max(top.linearMs, 1e-3))}`} />}
        {/* FLOP counts wait until the prediction is answered: they give it away. */}
        {answered && <Fact label={text.tensorFlops} value={`${figures.flopsQuadratic.toLocaleString('en')} / ${figures.flopsLinear.toLocaleString('en')}`} />}
      </>
    );
  },
  plot: ({ figures, text }) => <TimePlot timings={figures.timings} labels={{ quadratic: text.tensorOrderQuadratic, linear: text.tensorOrderLinear, title: text.tensorTimePlot }} />,
};

const qkVariance: TensorFigure<QkVarianceFigures> = {
  kind: 'qk-variance',
  facts: ({ figures, text }) => (
    <>
      <Fact label="d, samples" value={`${figures.d}, ${figures.samples}`} />
      <Fact label={text.tensorVarRaw} value={short(figures.varRaw)} testId="var-raw" />
      <Fact label={text.tensorVarScaled} value={short(figures.varScaled)} testId="var-scaled" />
      <Fact label={`${text.tensorMaxWeight} (${figures.queries}×${figures.keys})`} value={`${short(figures.maxWeightRaw)} → ${short(figures.maxWeightScaled)}`} />
      <Fact label={text.tensorSaturated} value={`${short(figures.saturatedRaw)} → ${short(figures.saturatedScaled)}`} />
    </>
  ),
  plot: ({ figures, text }) => (
    <SaturationBars
      rows={[
        { label: text.tensorMaxWeight, unscaled: figures.maxWeightRaw, scaled: figures.maxWeightScaled },
        { label: text.tensorSaturated, unscaled: figures.saturatedRaw, scaled: figures.saturatedScaled },
      ]}
      labels={{ unscaled: text.tensorUnscaled, scaled: text.tensorScaled }}
    />
  ),
};

/** The asked event of a walk instance (`view`: `{k, ask}`), S_n = k or S_n ≥ k. */
function walkEvent(view: JsonObject): { asked: (position: number) => boolean; label: string } {
  const k = typeof view.k === 'number' ? view.k : 0;
  const atLeast = view.ask === 'ge';
  return { asked: atLeast ? (s) => s >= k : (s) => s === k, label: `S ${atLeast ? '≥' : '='} ${k}` };
}

const walk: TensorFigure<WalkFigures> = {
  kind: 'walk',
  facts({ figures, view, text }) {
    const event = walkEvent(view);
    const hits = figures.counts.reduce((s, c, j) => s + (event.asked(2 * j - figures.n) ? c : 0), 0);
    return (
      <>
        <Fact label={text.tensorWalks} value={`${figures.walks} × ${figures.n}`} />
        <Fact label={text.tensorMeanVar} value={`${short(figures.mean)} / ${short(figures.variance)}`} />
        <Fact label={`${text.tensorEmpirical}: ${event.label}`} value={`${hits} / ${figures.walks} = ${short(hits / figures.walks)}`} testId="walk-estimate" />
      </>
    );
  },
  plot: ({ figures, setup, view, text }) => (
    <WalkHistogram
      n={figures.n}
      walks={figures.walks}
      counts={figures.counts}
      law={binomialLaw(figures.n, typeof setup.p === 'number' ? setup.p : 0.5)}
      asked={walkEvent(view).asked}
      labels={{ title: text.tensorHistogram, empirical: text.tensorEmpirical, exact: text.tensorExactLaw }}
    />
  ),
};

const moe: TensorFigure<MoeFigures> = {
  kind: 'moe',
  facts({ figures, text }) {
    const mean = figures.loads.reduce((s, x) => s + x, 0) / figures.loads.length;
    const sd = Math.sqrt(figures.loads.reduce((s, x) => s + (x - mean) ** 2, 0) / figures.loads.length);
    return (
      <>
        <Fact label="T, E, k" value={`${figures.tokens}, ${figures.experts}, ${figures.k}`} />
        <Fact label={text.tensorLoadSpread} value={`${short(mean)} / ${short(sd)}`} testId="load-spread" />
        <Fact label={text.tensorCapacity} value={String(figures.capacity)} />
        <Fact label={text.tensorDropped} value={String(figures.dropped)} />
      </>
    );
  },
  plot: ({ figures, text }) => (
    <LoadBars
      loads={figures.loads}
      mean={(figures.tokens * figures.k) / figures.experts}
      capacity={figures.capacity}
      labels={{ title: text.tensorLoads, mean: text.tensorMean, capacity: text.tensorCapacity }}
    />
  ),
};

/** Any run: its numbers, labelled by their names (lists by their length). */
const plain: TensorFigure<TensorFigures> = {
  kind: '',
  facts: ({ figures }) => (
    <>
      {Object.entries(figures).flatMap(([name, value]) =>
        typeof value === 'number' ? [<Fact key={name} label={name} value={short(value)} />] : Array.isArray(value) ? [<Fact key={name} label={name} value={`[${value.length}]`} />] : [],
      )}
    </>
  ),
  plot: () => null,
};

/** NOTE: typed per program above; the registry forgets the type, so `figureFor` checks the kind before use. */
const figures: Readonly<Record<string, TensorFigure<TensorFigures>>> = {
  'linear-attention': linearAttention,
  'qk-variance': qkVariance,
  walk,
  moe,
};

/** The figure registered under `key` when it draws this program's figures, else the plain list. */
export function figureFor(key: string, kind: string): TensorFigure<TensorFigures> {
  const figure = Object.hasOwn(figures, key) ? figures[key] : undefined;
  return figure && figure.kind === kind ? figure : plain;
}
