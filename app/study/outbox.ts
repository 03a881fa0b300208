// Reviews waiting to reach the server. Kept in localStorage so a reload or a dropped connection loses
// nothing; each entry keeps its review id, so a retry after an unanswered request is recorded once.

export interface PendingReview {
  readonly id: string;
  readonly cardId: string;
  readonly rating: number;
  readonly answer?: string | Record<string, string>;
  readonly durationMs: number;
}

const key = 'study-outbox-v1';

export function loadOutbox(): PendingReview[] {
  try {
    const raw = JSON.parse(localStorage.getItem(key) ?? '[]') as unknown;
    return Array.isArray(raw) ? (raw as PendingReview[]) : [];
  } catch {
    return [];
  }
}

export function saveOutbox(entries: readonly PendingReview[]): void {
  localStorage.setItem(key, JSON.stringify(entries));
}

/** Sends one review; 'done' when the server recorded it (or had it), 'rejected' for a 4xx, 'retry' otherwise. */
export async function sendReview(entry: PendingReview): Promise<'done' | 'rejected' | 'retry'> {
  try {
    const response = await fetch('/api/v1/reviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    if (response.ok) return 'done';
    if (response.status === 401) return 'retry';
    return response.status >= 400 && response.status < 500 && response.status !== 429 ? 'rejected' : 'retry';
  } catch {
    return 'retry';
  }
}
