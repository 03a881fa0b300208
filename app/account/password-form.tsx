'use client';

import { useState, type FormEvent } from 'react';

interface Labels {
  current: string;
  next: string;
  hint: string;
  submit: string;
  done: string;
  networkError: string;
}

export function PasswordForm({ labels }: { labels: Labels }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    try {
      const response = await fetch('/api/v1/me/password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') }),
      });
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      setMessage(response.ok ? { ok: true, text: labels.done } : { ok: false, text: body.error ?? `HTTP ${response.status}` });
      if (response.ok) formElement.reset();
    } catch {
      setMessage({ ok: false, text: labels.networkError });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack form" onSubmit={submit}>
      <label>
        {labels.current}
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label>
        {labels.next}
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} aria-describedby="new-password-hint" />
        <small id="new-password-hint">{labels.hint}</small>
      </label>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'success' : 'error'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {labels.submit}
      </button>
    </form>
  );
}
