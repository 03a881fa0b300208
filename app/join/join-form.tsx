'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

interface Labels {
  code: string;
  username: string;
  password: string;
  hint: string;
  submit: string;
  networkError: string;
}

export function JoinForm({ lang, code, labels }: { lang: 'zh' | 'en'; code: string; labels: Labels }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invite: form.get('invite'), username: form.get('username'), password: form.get('password'), lang }),
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
        {labels.code}
        <input name="invite" defaultValue={code} required maxLength={100} />
      </label>
      <label>
        {labels.username}
        <input name="username" autoComplete="username" required minLength={3} maxLength={32} />
      </label>
      <label>
        {labels.password}
        <input name="password" type="password" autoComplete="new-password" required minLength={8} aria-describedby="join-password-hint" />
        <small id="join-password-hint">{labels.hint}</small>
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
