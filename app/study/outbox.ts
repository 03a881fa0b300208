// Reviews waiting to reach the server. Kept in localStorage so a reload or a dropped connection loses
// nothing; each entry keeps its review id, so a retry after an unanswered request is recorded once.

export interface PendingReview {
  readonly id: string;
  readonly cardId: string;
  readonly rating: number;
  readonly answer?: string | Record<string, string>;
  readonly durationMs: number;
  /** When the learner graded it (this device's clock): a review sent later keeps its time. Absent in entries saved before it was kept. */
  readonly reviewedAt?: string;
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

export type SendOutcome = { readonly kind: 'done' } | { readonly kind: 'retry' } | { readonly kind: 'rejected'; readonly message: string | null };

/**
 * Sends one review; 'done' when the server recorded it (or had it), 'rejected' for a 4xx (with the server's
 * message, e.g. an answer that could not be checked: nothing was recorded), 'retry' otherwise.
 */
export async function sendReview(entry: PendingReview): Promise<SendOutcome> {
  try {
    const response = await fetch('/api/v1/reviews', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    if (response.ok) return { kind: 'done' };
    if (response.status === 401 || response.status === 429 || response.status >= 500) return { kind: 'retry' };
    const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
    return { kind: 'rejected', message: typeof body?.error === 'string' ? body.error : null };
  } catch {
    return { kind: 'retry' };
  }
}
