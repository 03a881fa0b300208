-- Closed sets of words become enum types and JSON text becomes jsonb (issue 17), keeping every value: each
-- column changes its type in place (USING casts the stored text). A word outside its enum, or text that is not
-- JSON, fails the cast and with it the whole migration (PostgreSQL runs it in one transaction), changing nothing.
-- NOTE: written by hand: Prisma's diff drops and re-adds each column, which would lose the data.

CREATE TYPE "Role" AS ENUM ('admin', 'editor', 'member');
CREATE TYPE "GroupRole" AS ENUM ('admin', 'member');
CREATE TYPE "Lang" AS ENUM ('zh', 'en');
CREATE TYPE "ContentOrigin" AS ENUM ('bundled', 'authored', 'imported');
CREATE TYPE "NoteKind" AS ENUM ('basic', 'cloze');
CREATE TYPE "NoteChange" AS ENUM ('created', 'edited', 'bundled', 'imported', 'retired', 'restored');
CREATE TYPE "CardKind" AS ENUM ('basic', 'cloze', 'problem');
CREATE TYPE "Level" AS ENUM ('easy', 'medium', 'hard');
CREATE TYPE "LearningState" AS ENUM ('new', 'learning', 'review', 'relearning');
CREATE TYPE "Verdict" AS ENUM ('correct', 'incorrect', 'invalid');

ALTER TABLE "User"
  ALTER COLUMN "role" DROP DEFAULT,
  ALTER COLUMN "role" SET DATA TYPE "Role" USING "role"::"Role",
  ALTER COLUMN "role" SET DEFAULT 'member',
  ALTER COLUMN "lang" DROP DEFAULT,
  ALTER COLUMN "lang" SET DATA TYPE "Lang" USING "lang"::"Lang",
  ALTER COLUMN "lang" SET DEFAULT 'zh',
  ALTER COLUMN "fsrsParams" SET DATA TYPE JSONB USING "fsrsParams"::jsonb;

ALTER TABLE "Membership"
  ALTER COLUMN "role" DROP DEFAULT,
  ALTER COLUMN "role" SET DATA TYPE "GroupRole" USING "role"::"GroupRole",
  ALTER COLUMN "role" SET DEFAULT 'member';

ALTER TABLE "Article"
  ALTER COLUMN "origin" DROP DEFAULT,
  ALTER COLUMN "origin" SET DATA TYPE "ContentOrigin" USING "origin"::"ContentOrigin",
  ALTER COLUMN "origin" SET DEFAULT 'bundled',
  ALTER COLUMN "pendingBundled" SET DATA TYPE JSONB USING "pendingBundled"::jsonb;

ALTER TABLE "Note"
  ALTER COLUMN "kind" SET DATA TYPE "NoteKind" USING "kind"::"NoteKind",
  ALTER COLUMN "fields" SET DATA TYPE JSONB USING "fields"::jsonb,
  ALTER COLUMN "origin" DROP DEFAULT,
  ALTER COLUMN "origin" SET DATA TYPE "ContentOrigin" USING "origin"::"ContentOrigin",
  ALTER COLUMN "origin" SET DEFAULT 'bundled',
  ALTER COLUMN "pendingBundled" SET DATA TYPE JSONB USING "pendingBundled"::jsonb;

ALTER TABLE "NoteVersion"
  ALTER COLUMN "fields" SET DATA TYPE JSONB USING "fields"::jsonb,
  ALTER COLUMN "change" SET DATA TYPE "NoteChange" USING "change"::"NoteChange",
  ALTER COLUMN "changed" SET DATA TYPE JSONB USING "changed"::jsonb;

ALTER TABLE "Card"
  ALTER COLUMN "kind" SET DATA TYPE "CardKind" USING "kind"::"CardKind",
  ALTER COLUMN "content" SET DATA TYPE JSONB USING "content"::jsonb,
  ALTER COLUMN "level" SET DATA TYPE "Level" USING "level"::"Level";

ALTER TABLE "CardState"
  ALTER COLUMN "state" DROP DEFAULT,
  ALTER COLUMN "state" SET DATA TYPE "LearningState" USING "state"::"LearningState",
  ALTER COLUMN "state" SET DEFAULT 'new';

ALTER TABLE "Review"
  ALTER COLUMN "stateBefore" SET DATA TYPE "LearningState" USING "stateBefore"::"LearningState",
  ALTER COLUMN "prevState" SET DATA TYPE JSONB USING "prevState"::jsonb,
  ALTER COLUMN "result" SET DATA TYPE JSONB USING "result"::jsonb;

ALTER TABLE "ProblemAttempt"
  ALTER COLUMN "params" SET DATA TYPE JSONB USING "params"::jsonb,
  ALTER COLUMN "verdict" SET DATA TYPE "Verdict" USING "verdict"::"Verdict";
