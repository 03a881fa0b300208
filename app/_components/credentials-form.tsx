'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

interface Props {
  readonly endpoint: '/api/v1/setup' | '/api/v1/session';
  readonly lang: 'zh' | 'en';
  readonly labels: { username: string; password: string; submit: string; passwordHint?: string; networkError: string };
  readonly newPassword: boolean;
}

/** Username + password form posting JSON to the API; on success it goes home. */
export function CredentialsForm({ endpoint, lang, labels, newPassword }: Props) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.get('username'), password: form.get('password'), ...(newPassword ? { lang } : {}) }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        setError(body.error ?? `HTTP ${response.status}`);
        return;
      }
      router.push('/');
      router.refresh();
    } catch {
      setError(labels.networkError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack form" onSubmit={submit}>
      <label>
        {labels.username}
        <input name="username" autoComplete="username" required minLength={newPassword ? 3 : 1} maxLength={32} autoFocus />
      </label>
      <label>
        {labels.password}
        <input
          name="password"
          type="password"
          autoComplete={newPassword ? 'new-password' : 'current-password'}
          required
          minLength={newPassword ? 8 : 1}
          aria-describedby={labels.passwordHint ? 'password-hint' : undefined}
        />
        {labels.passwordHint && <small id="password-hint">{labels.passwordHint}</small>}
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {labels.submit}
      </button>
    </form>
  );
}
