import { z } from 'zod';
import { db } from './db';
import { HttpError } from './http';
import { isTimeZone } from './study-day';

/** A learner's study settings. */
export interface StudySettings {
  readonly newPerDay: number;
  readonly reviewsPerDay: number;
  readonly dayStartHour: number;
  readonly timeZone: string;
  readonly desiredRetention: number;
  readonly shareProgress: boolean;
}

export const settingsPatchSchema = z
  .object({
    newPerDay: z.number().int().min(0).max(500),
    reviewsPerDay: z.number().int().min(0).max(10_000),
    dayStartHour: z.number().int().min(0).max(23),
    timeZone: z.string().max(64).refine(isTimeZone, 'unknown time zone'),
    desiredRetention: z.number().min(0.7).max(0.99),
    shareProgress: z.boolean(),
  })
  .partial();

type UserSettingsRow = StudySettings & Record<string, unknown>;

function toSettings(user: UserSettingsRow): StudySettings {
  return {
    newPerDay: user.newPerDay,
    reviewsPerDay: user.reviewsPerDay,
    dayStartHour: user.dayStartHour,
    timeZone: user.timeZone,
    desiredRetention: user.desiredRetention,
    shareProgress: user.shareProgress,
  };
}

export async function getSettings(userId: string): Promise<StudySettings> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new HttpError(404, 'no such user');
  return toSettings(user);
}

export async function updateSettings(userId: string, patch: z.infer<typeof settingsPatchSchema>): Promise<StudySettings> {
  return toSettings(await db.user.update({ where: { id: userId }, data: patch }));
}
