-- ReviewTally and CardTally (prisma/schema.prisma): the reviews that stand counted per user, UTC time slot and
-- answer button, and per user and card with the card's exercise attempts, so that the progress and group pages
-- sum a few rows per user and day (or card) instead of counting every review (docs/BENCHMARKS.md, "Progress and
-- group"). Triggers on Review and ProblemAttempt keep both in step with every write, in the same transaction:
-- whatever writes those tables (a review, an undo, an Anki import, a copy, a cascade) and whichever process.
-- Review's button index goes: nothing reads it any more. No data changes.

-- DropIndex
DROP INDEX "Review_userId_undoneAt_rating_stateBefore_reviewedAt_idx";

-- CreateTable
-- NOTE: WITHOUT ROWID: a table is its primary-key b-tree, so a range of slots (or a user's cards) is read, and a
-- review's rows are updated, in one b-tree, with no second lookup of each row by rowid.
CREATE TABLE "ReviewTally" (
    "userId" TEXT NOT NULL,
    "unit" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "learning1" INTEGER NOT NULL DEFAULT 0,
    "learning2" INTEGER NOT NULL DEFAULT 0,
    "learning3" INTEGER NOT NULL DEFAULT 0,
    "learning4" INTEGER NOT NULL DEFAULT 0,
    "review1" INTEGER NOT NULL DEFAULT 0,
    "review2" INTEGER NOT NULL DEFAULT 0,
    "review3" INTEGER NOT NULL DEFAULT 0,
    "review4" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "unit", "slot"),
    CONSTRAINT "ReviewTally_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "CardTally" (
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "cardId"),
    CONSTRAINT "CardTally_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- What there is. `unixepoch` reads the stored text of a DateTime ("2026-11-28T20:00:00.000+00:00") as whole
-- seconds, rounded down; the slot is that divided by the unit, rounded down (also before 1970, where SQLite's
-- integer division would round towards zero).
INSERT INTO "ReviewTally" ("userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4")
SELECT r."userId", u."unit", (r."e" - ((r."e" % u."unit") + u."unit") % u."unit") / u."unit",
  sum(r."stateBefore" <> 'review' AND r."rating" = 1),
  sum(r."stateBefore" <> 'review' AND r."rating" = 2),
  sum(r."stateBefore" <> 'review' AND r."rating" = 3),
  sum(r."stateBefore" <> 'review' AND r."rating" = 4),
  sum(r."stateBefore" = 'review' AND r."rating" = 1),
  sum(r."stateBefore" = 'review' AND r."rating" = 2),
  sum(r."stateBefore" = 'review' AND r."rating" = 3),
  sum(r."stateBefore" = 'review' AND r."rating" = 4)
FROM (SELECT *, unixepoch("reviewedAt") AS "e" FROM "Review" WHERE "undoneAt" IS NULL AND "rating" BETWEEN 1 AND 4) r, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u
GROUP BY 1, 2, 3;

INSERT INTO "CardTally" ("userId", "cardId", "reviews", "attempts", "correct")
SELECT "userId", "cardId", sum("reviews"), sum("attempts"), sum("correct") FROM (
  SELECT "userId", "cardId", count(*) AS "reviews", 0 AS "attempts", 0 AS "correct" FROM "Review" WHERE "undoneAt" IS NULL GROUP BY 1, 2
  UNION ALL
  SELECT "userId", "cardId", 0, count(*), sum("verdict" = 'correct') FROM "ProblemAttempt" WHERE "cardId" IS NOT NULL GROUP BY 1, 2
)
GROUP BY 1, 2;

-- A review that stands adds 1 to its three slots (one row per unit, in the column of its button; rating 1–4 only)
-- and to its card; one that no longer stands (undone, deleted, or changed) takes its 1 away; an exercise attempt
-- on a card adds 1 to the card's attempts (and to `correct` when it was). A row left with nothing is deleted.
-- NOTE: a decrease never inserts: when a user is deleted, the cascade may delete their tallies before their
-- reviews. A reviewedAt that is not a date gives a NULL slot, and the write fails on the NOT NULL column.
-- NOTE: a decrease is one UPDATE (and DELETE) per unit, each a primary-key lookup: with the three slots in one
-- statement (a subquery, or a list of row values) an undo took 1.5 ms at 100,000 reviews instead of 0.25 ms.
CREATE TRIGGER "Review_tallies_insert" AFTER INSERT ON "Review"
BEGIN
  INSERT INTO "ReviewTally" ("userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4")
  SELECT NEW."userId", u."unit", (t."e" - ((t."e" % u."unit") + u."unit") % u."unit") / u."unit",
    NEW."stateBefore" <> 'review' AND NEW."rating" = 1,
    NEW."stateBefore" <> 'review' AND NEW."rating" = 2,
    NEW."stateBefore" <> 'review' AND NEW."rating" = 3,
    NEW."stateBefore" <> 'review' AND NEW."rating" = 4,
    NEW."stateBefore" = 'review' AND NEW."rating" = 1,
    NEW."stateBefore" = 'review' AND NEW."rating" = 2,
    NEW."stateBefore" = 'review' AND NEW."rating" = 3,
    NEW."stateBefore" = 'review' AND NEW."rating" = 4
  FROM (SELECT unixepoch(NEW."reviewedAt") AS "e") t, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u
  WHERE NEW."undoneAt" IS NULL AND NEW."rating" BETWEEN 1 AND 4
  ON CONFLICT ("userId", "unit", "slot") DO UPDATE SET
    "learning1" = "learning1" + excluded."learning1", "learning2" = "learning2" + excluded."learning2", "learning3" = "learning3" + excluded."learning3", "learning4" = "learning4" + excluded."learning4", "review1" = "review1" + excluded."review1", "review2" = "review2" + excluded."review2", "review3" = "review3" + excluded."review3", "review4" = "review4" + excluded."review4";
  INSERT INTO "CardTally" ("userId", "cardId", "reviews") SELECT NEW."userId", NEW."cardId", 1 WHERE NEW."undoneAt" IS NULL
  ON CONFLICT ("userId", "cardId") DO UPDATE SET "reviews" = "reviews" + 1;
END;

CREATE TRIGGER "Review_tallies_update" AFTER UPDATE OF "userId", "cardId", "rating", "stateBefore", "reviewedAt", "undoneAt" ON "Review"
BEGIN
  UPDATE "ReviewTally" SET "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1), "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2), "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3), "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4), "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1), "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2), "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3), "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 900 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 900) + 900) % 900) / 900;
  DELETE FROM "ReviewTally" WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 900 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 900) + 900) % 900) / 900 AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
  UPDATE "ReviewTally" SET "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1), "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2), "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3), "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4), "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1), "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2), "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3), "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 3600 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 3600) + 3600) % 3600) / 3600;
  DELETE FROM "ReviewTally" WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 3600 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 3600) + 3600) % 3600) / 3600 AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
  UPDATE "ReviewTally" SET "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1), "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2), "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3), "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4), "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1), "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2), "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3), "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 86400 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 86400) + 86400) % 86400) / 86400;
  DELETE FROM "ReviewTally" WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 86400 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 86400) + 86400) % 86400) / 86400 AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
  UPDATE "CardTally" SET "reviews" = "reviews" - 1 WHERE OLD."undoneAt" IS NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId";
  DELETE FROM "CardTally" WHERE OLD."undoneAt" IS NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId" AND "reviews" = 0 AND "attempts" = 0;
  INSERT INTO "ReviewTally" ("userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4")
  SELECT NEW."userId", u."unit", (t."e" - ((t."e" % u."unit") + u."unit") % u."unit") / u."unit",
    NEW."stateBefore" <> 'review' AND NEW."rating" = 1,
    NEW."stateBefore" <> 'review' AND NEW."rating" = 2,
    NEW."stateBefore" <> 'review' AND NEW."rating" = 3,
    NEW."stateBefore" <> 'review' AND NEW."rating" = 4,
    NEW."stateBefore" = 'review' AND NEW."rating" = 1,
    NEW."stateBefore" = 'review' AND NEW."rating" = 2,
    NEW."stateBefore" = 'review' AND NEW."rating" = 3,
    NEW."stateBefore" = 'review' AND NEW."rating" = 4
  FROM (SELECT unixepoch(NEW."reviewedAt") AS "e") t, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u
  WHERE NEW."undoneAt" IS NULL AND NEW."rating" BETWEEN 1 AND 4
  ON CONFLICT ("userId", "unit", "slot") DO UPDATE SET
    "learning1" = "learning1" + excluded."learning1", "learning2" = "learning2" + excluded."learning2", "learning3" = "learning3" + excluded."learning3", "learning4" = "learning4" + excluded."learning4", "review1" = "review1" + excluded."review1", "review2" = "review2" + excluded."review2", "review3" = "review3" + excluded."review3", "review4" = "review4" + excluded."review4";
  INSERT INTO "CardTally" ("userId", "cardId", "reviews") SELECT NEW."userId", NEW."cardId", 1 WHERE NEW."undoneAt" IS NULL
  ON CONFLICT ("userId", "cardId") DO UPDATE SET "reviews" = "reviews" + 1;
END;

CREATE TRIGGER "Review_tallies_delete" AFTER DELETE ON "Review"
BEGIN
  UPDATE "ReviewTally" SET "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1), "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2), "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3), "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4), "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1), "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2), "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3), "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 900 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 900) + 900) % 900) / 900;
  DELETE FROM "ReviewTally" WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 900 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 900) + 900) % 900) / 900 AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
  UPDATE "ReviewTally" SET "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1), "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2), "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3), "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4), "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1), "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2), "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3), "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 3600 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 3600) + 3600) % 3600) / 3600;
  DELETE FROM "ReviewTally" WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 3600 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 3600) + 3600) % 3600) / 3600 AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
  UPDATE "ReviewTally" SET "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1), "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2), "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3), "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4), "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1), "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2), "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3), "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 86400 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 86400) + 86400) % 86400) / 86400;
  DELETE FROM "ReviewTally" WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId" AND "unit" = 86400 AND "slot" = (unixepoch(OLD."reviewedAt") - ((unixepoch(OLD."reviewedAt") % 86400) + 86400) % 86400) / 86400 AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
  UPDATE "CardTally" SET "reviews" = "reviews" - 1 WHERE OLD."undoneAt" IS NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId";
  DELETE FROM "CardTally" WHERE OLD."undoneAt" IS NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId" AND "reviews" = 0 AND "attempts" = 0;
END;

CREATE TRIGGER "ProblemAttempt_tally_insert" AFTER INSERT ON "ProblemAttempt"
BEGIN
  INSERT INTO "CardTally" ("userId", "cardId", "attempts", "correct") SELECT NEW."userId", NEW."cardId", 1, NEW."verdict" = 'correct' WHERE NEW."cardId" IS NOT NULL
  ON CONFLICT ("userId", "cardId") DO UPDATE SET "attempts" = "attempts" + 1, "correct" = "correct" + excluded."correct";
END;

CREATE TRIGGER "ProblemAttempt_tally_update" AFTER UPDATE OF "userId", "cardId", "verdict" ON "ProblemAttempt"
BEGIN
  UPDATE "CardTally" SET "attempts" = "attempts" - 1, "correct" = "correct" - (OLD."verdict" = 'correct') WHERE OLD."cardId" IS NOT NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId";
  DELETE FROM "CardTally" WHERE OLD."cardId" IS NOT NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId" AND "reviews" = 0 AND "attempts" = 0;
  INSERT INTO "CardTally" ("userId", "cardId", "attempts", "correct") SELECT NEW."userId", NEW."cardId", 1, NEW."verdict" = 'correct' WHERE NEW."cardId" IS NOT NULL
  ON CONFLICT ("userId", "cardId") DO UPDATE SET "attempts" = "attempts" + 1, "correct" = "correct" + excluded."correct";
END;

CREATE TRIGGER "ProblemAttempt_tally_delete" AFTER DELETE ON "ProblemAttempt"
BEGIN
  UPDATE "CardTally" SET "attempts" = "attempts" - 1, "correct" = "correct" - (OLD."verdict" = 'correct') WHERE OLD."cardId" IS NOT NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId";
  DELETE FROM "CardTally" WHERE OLD."cardId" IS NOT NULL AND "userId" = OLD."userId" AND "cardId" = OLD."cardId" AND "reviews" = 0 AND "attempts" = 0;
END;
