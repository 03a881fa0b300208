'use client';

import { useState, type FormEvent } from 'react';
import type { StudySettings } from '@/lib/settings';
import type { MessageKey } from '@/lib/i18n';

export function SettingsForm({ settings, text }: { settings: StudySettings; text: Record<MessageKey, string> }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const patch = {
      newPerDay: Number(form.get('newPerDay')),
      reviewsPerDay: Number(form.get('reviewsPerDay')),
      dayStartHour: Number(form.get('dayStartHour')),
      timeZone: String(form.get('timeZone')),
      desiredRetention: Number(form.get('desiredRetention')),
      shareProgress: form.get('shareProgress') === 'on',
    };
    try {
      const response = await fetch('/api/v1/settings', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      setMessage(response.ok ? { ok: true, text: text.saved } : { ok: false, text: body.error ?? `HTTP ${response.status}` });
    } catch {
      setMessage({ ok: false, text: text.networkError });
    }
  }

  return (
    <form className="stack form" onSubmit={submit} data-testid="settings-form">
      <label>
        {text.newPerDay}
        <input name="newPerDay" type="number" min={0} max={500} defaultValue={settings.newPerDay} required />
      </label>
      <label>
        {text.reviewsPerDay}
        <input name="reviewsPerDay" type="number" min={0} max={10000} defaultValue={settings.reviewsPerDay} required />
      </label>
      <label>
        {text.dayStartHour}
        <input name="dayStartHour" type="number" min={0} max={23} defaultValue={settings.dayStartHour} required />
      </label>
      <label>
        {text.timeZone}
        <input name="timeZone" defaultValue={settings.timeZone} required maxLength={64} />
      </label>
      <label>
        {text.desiredRetention}
        <input name="desiredRetention" type="number" min={0.7} max={0.99} step={0.01} defaultValue={settings.desiredRetention} required aria-describedby="retention-hint" />
        <small id="retention-hint">{text.desiredRetentionHint}</small>
      </label>
      <label className="checkbox">
        <input name="shareProgress" type="checkbox" defaultChecked={settings.shareProgress} />
        {text.shareProgress}
      </label>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'success' : 'error'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary">
        {text.save}
      </button>
    </form>
  );
}
