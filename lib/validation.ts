import { z } from 'zod';
import { passwordRules } from './passwords';

export const usernameSchema = z
  .string()
  .trim()
  .min(3, 'a username has at least 3 characters')
  .max(32, 'a username has at most 32 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'a username uses letters, digits, _ . - only');

export const passwordSchema = z
  .string()
  .min(passwordRules.minLength, `a password has at least ${passwordRules.minLength} characters`)
  .max(passwordRules.maxLength, `a password has at most ${passwordRules.maxLength} characters`);

export const langSchema = z.enum(['zh', 'en']);

export const credentialsSchema = z.object({ username: usernameSchema, password: passwordSchema, lang: langSchema.optional() });

export const loginSchema = z.object({
  username: z.string().max(64),
  password: z.string().max(passwordRules.maxLength),
});
