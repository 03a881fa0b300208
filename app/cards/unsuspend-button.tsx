'use client';

import { useRouter } from 'next/navigation';

export function UnsuspendButton({ cardId, label }: { cardId: string; label: string }) {
  const router = useRouter();
  async function unsuspend() {
    await fetch(`/api/v1/cards/${encodeURIComponent(cardId)}/suspend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ suspended: false }),
    });
    router.refresh();
  }
  return (
    <button type="button" className="link-button" onClick={unsuspend}>
      {label}
    </button>
  );
}
