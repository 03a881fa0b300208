'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Suspends or unsuspends one card for the signed-in learner. */
export function SuspendToggle({ cardId, suspended, labels }: { cardId: string; suspended: boolean; labels: { suspend: string; unsuspend: string } }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function toggle() {
    setBusy(true);
    await fetch(`/api/v1/cards/${encodeURIComponent(cardId)}/suspend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ suspended: !suspended }),
    }).catch(() => null);
    setBusy(false);
    router.refresh();
  }
  return (
    <button type="button" className="link-button" onClick={toggle} disabled={busy} data-testid="suspend-toggle">
      {suspended ? labels.unsuspend : labels.suspend}
    </button>
  );
}
