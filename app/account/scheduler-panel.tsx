'use client';

import { useState } from 'react';
import type { MessageKey } from '@/lib/i18n';
import type { OptimizeReport } from '@/lib/optimize';

export function SchedulerPanel({ text }: { text: Record<MessageKey, string> }) {
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<OptimizeReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function optimize() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/me/scheduler', { method: 'POST' });
      const body = (await response.json()) as OptimizeReport & { error?: string };
      if (response.ok) setReport(body);
      else setError(body.error ?? `HTTP ${response.status}`);
    } catch {
      setError(text.networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack">
      <p className="muted">{text.optimizeIntro}</p>
      <button type="button" className="primary" onClick={optimize} disabled={busy}>
        {busy ? text.optimizing : text.optimize}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {report && (
        <dl className="facts" data-testid="optimize-report">
          <dt>{text.logLossBefore}</dt>
          <dd>{report.before.logLoss.toFixed(4)}</dd>
          <dt>{text.logLossAfter}</dt>
          <dd>{report.after.logLoss.toFixed(4)}</dd>
          <dt />
          <dd>{report.applied ? text.applied : text.notApplied}</dd>
        </dl>
      )}
    </div>
  );
}
