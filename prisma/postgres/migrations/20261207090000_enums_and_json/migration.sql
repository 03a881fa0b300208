-- Closed sets of words become enum types and JSON text becomes jsonb (issue 17), keeping every value: each
-- column changes its type in place (USING casts the stored text).
-- NOTE: written by hand: Prisma's diff drops and re-adds each column, which would lose the data.
--
-- First, every stored value is checked, before anything is changed: a word outside its enum stops the migration
-- with the column named ("invalid input syntax for type integer: "Card.kind is basic, cloze or problem, not flashcard""), text
-- that is not JSON with PostgreSQL's JSON error. (Prisma runs the statements one by one, so a check must come
-- before the first change.)

SELECT CAST('User.role is admin, editor or member, not ' || "role" AS integer) FROM "User" WHERE "role" NOT IN ('admin', 'editor', 'member');
SELECT CAST('User.lang is zh or en, not ' || "lang" AS integer) FROM "User" WHERE "lang" NOT IN ('zh', 'en');
SELECT count("fsrsParams"::jsonb) FROM "User";
SELECT CAST('Membership.role is admin or member, not ' || "role" AS integer) FROM "Membership" WHERE "role" NOT IN ('admin', 'member');
SELECT CAST('Article.origin is bundled, authored or imported, not ' || "origin" AS integer) FROM "Article" WHERE "origin" NOT IN ('bundled', 'authored', 'imported');
SELECT count("pendingBundled"::jsonb) FROM "Article";
SELECT CAST('Note.kind is basic or cloze, not ' || "kind" AS integer) FROM "Note" WHERE "kind" NOT IN ('basic', 'cloze');
SELECT count("fields"::jsonb) FROM "Note";
SELECT CAST('Note.origin is bundled, authored or imported, not ' || "origin" AS integer) FROM "Note" WHERE "origin" NOT IN ('bundled', 'authored', 'imported');
SELECT count("pendingBundled"::jsonb) FROM "Note";
SELECT count("fields"::jsonb) FROM "NoteVersion";
SELECT CAST('NoteVersion.change is created, edited, bundled, imported, retired or restored, not ' || "change" AS integer) FROM "NoteVersion" WHERE "change" NOT IN ('created', 'edited', 'bundled', 'imported', 'retired', 'restored');
SELECT count("changed"::jsonb) FROM "NoteVersion";
SELECT CAST('Card.kind is basic, cloze or problem, not ' || "kind" AS integer) FROM "Card" WHERE "kind" NOT IN ('basic', 'cloze', 'problem');
SELECT count("content"::jsonb) FROM "Card";
SELECT CAST('Card.level is easy, medium or hard, not ' || "level" AS integer) FROM "Card" WHERE "level" NOT IN ('easy', 'medium', 'hard');
SELECT CAST('CardState.state is new, learning, review or relearning, not ' || "state" AS integer) FROM "CardState" WHERE "state" NOT IN ('new', 'learning', 'review', 'relearning');
SELECT CAST('Review.stateBefore is new, learning, review or relearning, not ' || "stateBefore" AS integer) FROM "Review" WHERE "stateBefore" NOT IN ('new', 'learning', 'review', 'relearning');
SELECT count("prevState"::jsonb) FROM "Review";
SELECT count("result"::jsonb) FROM "Review";
SELECT count("params"::jsonb) FROM "ProblemAttempt";
SELECT CAST('ProblemAttempt.verdict is correct, incorrect or invalid, not ' || "verdict" AS integer) FROM "ProblemAttempt" WHERE "verdict" NOT IN ('correct', 'incorrect', 'invalid');

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
