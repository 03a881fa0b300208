// The rows the hot paths read with lib/sql.ts, decoded into the same types the Prisma client returns
// (enum words and Json checked as Prisma checks them), so the rest of the app cannot tell them apart.

import type { Card, CardState, Prisma, User } from '@prisma/client';
import { bool, date, dateOrNull, int, intOrNull, json, raw, word, type Row, type Statement } from './sql';

const userColumns = ['id', 'username', 'usernameKey', 'passwordHash', 'role', 'disabledAt', 'createdAt', 'lang', 'desiredRetention', 'newPerDay', 'reviewsPerDay', 'dayStartHour', 'timeZone', 'shareProgress', 'fsrsParams'] as const;
const cardColumns = ['id', 'articleSlug', 'kind', 'noteId', 'position', 'content', 'familyId', 'familyVersion', 'level', 'contentHash', 'retiredAt', 'createdAt', 'updatedAt'] as const;
const stateColumns = ['userId', 'cardId', 'state', 'due', 'stability', 'difficulty', 'elapsedDays', 'scheduledDays', 'learningSteps', 'reps', 'lapses', 'lastReview', 'seed', 'familyVersion', 'suspendedAt', 'buriedUntil', 'leech', 'updatedAt'] as const;

/** `alias."col" AS "alias.col", …`: a select list whose names stay apart when tables are joined. */
function selectList(alias: string, columns: readonly string[]): Statement {
  return raw(columns.map((c) => `${alias}."${c}" AS "${alias}.${c}"`).join(', '));
}

export const selectUser = (alias: string) => selectList(alias, userColumns);
export const selectCard = (alias: string) => selectList(alias, cardColumns);
export const selectCardHead = (alias: string) => selectList(alias, cardColumns.filter((c) => c !== 'content'));
export const selectState = (alias: string) => selectList(alias, stateColumns);

const learningStates = ['new', 'learning', 'review', 'relearning'] as const;

export function decodeUser(row: Row, alias: string): User {
  const v = (name: (typeof userColumns)[number]) => row[`${alias}.${name}`];
  return {
    id: String(v('id')),
    username: String(v('username')),
    usernameKey: v('usernameKey') === null ? null : String(v('usernameKey')),
    passwordHash: String(v('passwordHash')),
    role: word(v('role'), ['admin', 'editor', 'member'], 'User.role'),
    disabledAt: dateOrNull(v('disabledAt')),
    createdAt: date(v('createdAt')),
    lang: word(v('lang'), ['zh', 'en'], 'User.lang'),
    desiredRetention: Number(v('desiredRetention')),
    newPerDay: int(v('newPerDay')),
    reviewsPerDay: int(v('reviewsPerDay')),
    dayStartHour: int(v('dayStartHour')),
    timeZone: String(v('timeZone')),
    shareProgress: bool(v('shareProgress')),
    fsrsParams: v('fsrsParams') === null ? null : (json(v('fsrsParams')) as Prisma.JsonValue),
  };
}

/** A card row without its content (lists of many cards: the content is read for the few shown). */
export type CardHead = Omit<Card, 'content'>;

export function decodeCardHead(row: Row, alias: string): CardHead {
  const v = (name: (typeof cardColumns)[number]) => row[`${alias}.${name}`];
  return {
    id: String(v('id')),
    articleSlug: String(v('articleSlug')),
    kind: word(v('kind'), ['basic', 'cloze', 'problem'], 'Card.kind'),
    noteId: String(v('noteId')),
    position: int(v('position')),
    familyId: v('familyId') === null ? null : String(v('familyId')),
    familyVersion: intOrNull(v('familyVersion')),
    level: v('level') === null ? null : word(v('level'), ['easy', 'medium', 'hard'], 'Card.level'),
    contentHash: String(v('contentHash')),
    retiredAt: dateOrNull(v('retiredAt')),
    createdAt: date(v('createdAt')),
    updatedAt: date(v('updatedAt')),
  };
}

export function decodeCard(row: Row, alias: string): Card {
  return { ...decodeCardHead(row, alias), content: json(row[`${alias}.content`]) as Prisma.JsonValue };
}

/** A card state row, or null when the (left-joined) row is absent. */
export function decodeState(row: Row, alias: string): CardState | null {
  const v = (name: (typeof stateColumns)[number]) => row[`${alias}.${name}`];
  if (v('cardId') === null || v('cardId') === undefined) return null;
  return {
    userId: String(v('userId')),
    cardId: String(v('cardId')),
    state: word(v('state'), learningStates, 'CardState.state'),
    due: date(v('due')),
    stability: Number(v('stability')),
    difficulty: Number(v('difficulty')),
    elapsedDays: Number(v('elapsedDays')),
    scheduledDays: Number(v('scheduledDays')),
    learningSteps: int(v('learningSteps')),
    reps: int(v('reps')),
    lapses: int(v('lapses')),
    lastReview: dateOrNull(v('lastReview')),
    seed: intOrNull(v('seed')),
    familyVersion: intOrNull(v('familyVersion')),
    suspendedAt: dateOrNull(v('suspendedAt')),
    buriedUntil: dateOrNull(v('buriedUntil')),
    leech: bool(v('leech')),
    updatedAt: date(v('updatedAt')),
  };
}

export function decodeLearningState(value: unknown, where: string): CardState['state'] {
  return word(value, learningStates, where);
}
