// Shapes the study API sends and the review screen reads (shared by server and client code).

export type Rating = 1 | 2 | 3 | 4;

export interface AnswerPartView {
  readonly name: string;
  readonly kind: string;
  readonly label: string;
}

export interface ProblemView {
  readonly family: string;
  readonly version: number;
  readonly seed: number;
  readonly level: string;
  readonly prompt: string;
  readonly parts: readonly AnswerPartView[];
  readonly allowsNone: boolean;
}

export interface QueueCard {
  readonly id: string;
  readonly kind: 'basic' | 'cloze' | 'problem';
  readonly article: string;
  readonly articleTitle: string;
  readonly queue: 'new' | 'learning' | 'review';
  /** Markdown with TeX (lib/rich-text.ts renders it: the study page does so in the browser). */
  readonly front: string;
  readonly back?: string;
  readonly problem?: ProblemView;
  /** The next interval after each rating, as a short label ("10m", "3d"). */
  readonly intervals: Readonly<Record<`${Rating}`, string>>;
  readonly leech: boolean;
}

export interface QueueResponse {
  readonly cards: readonly QueueCard[];
  readonly counts: { readonly new: number; readonly learning: number; readonly review: number };
}

export interface CheckResponse {
  readonly correct: boolean;
  readonly kind: 'graded' | 'invalid';
  readonly note: string | null;
  readonly message: string;
  readonly solutionHtml?: string;
  readonly expected?: string;
}

export interface ReviewResult {
  readonly id: string;
  readonly cardId: string;
  readonly rating: Rating;
  readonly correct?: boolean;
  readonly note?: string | null;
  readonly message?: string;
  readonly state: string;
  readonly due: string;
  readonly intervalDays: number;
  readonly leech: boolean;
  readonly reviewedAt: string;
}
