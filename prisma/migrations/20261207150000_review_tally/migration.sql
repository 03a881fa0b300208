-- ReviewTally (prisma/schema.prisma): the reviews that stand, counted per user, UTC time slot and answer button,
-- so that the progress and group pages sum a few rows per user and day instead of counting every review
-- (docs/BENCHMARKS.md, "Progress and group"). Triggers on Review keep it in step with every write, in the same
-- transaction: whatever writes Review (a review, an undo, an Anki import, a copy) and whichever process.
-- Review's button index goes: nothing reads it any more. No data changes.

-- DropIndex
DROP INDEX "Review_userId_undoneAt_rating_stateBefore_reviewedAt_idx";

-- CreateTable
-- NOTE: WITHOUT ROWID: the table is its primary-key b-tree, so a range of slots is read (and a review's three
-- rows are updated) in one b-tree, with no second lookup of each row by rowid.
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

-- The reviews there are. `unixepoch` reads the stored text of a DateTime ("2026-11-28T20:00:00.000+00:00") as
-- whole seconds, rounded down; the slot is that divided by the unit, rounded down (also before 1970, where
-- SQLite's integer division would round towards zero).
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

-- A review that stands adds 1 to its three slots (one row per unit), in the column of its button; one that no
-- longer stands (undone, deleted, or changed) takes its 1 away, and a row left with nothing is deleted. NOTE: a
-- decrease never inserts: when a user is deleted, the cascade may delete their tally before their reviews.
-- A reviewedAt that is not a date gives a NULL slot, and the write fails on the NOT NULL column.
CREATE TRIGGER "Review_tally_insert" AFTER INSERT ON "Review"
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
END;

CREATE TRIGGER "Review_tally_update" AFTER UPDATE OF "userId", "rating", "stateBefore", "reviewedAt", "undoneAt" ON "Review"
BEGIN
  UPDATE "ReviewTally" SET
    "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1),
    "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2),
    "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3),
    "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4),
    "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1),
    "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2),
    "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3),
    "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId"
    AND ("unit", "slot") IN (SELECT u."unit", (t."e" - ((t."e" % u."unit") + u."unit") % u."unit") / u."unit" FROM (SELECT unixepoch(OLD."reviewedAt") AS "e") t, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u);
  DELETE FROM "ReviewTally"
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId"
    AND ("unit", "slot") IN (SELECT u."unit", (t."e" - ((t."e" % u."unit") + u."unit") % u."unit") / u."unit" FROM (SELECT unixepoch(OLD."reviewedAt") AS "e") t, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u)
    AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
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
END;

CREATE TRIGGER "Review_tally_delete" AFTER DELETE ON "Review"
BEGIN
  UPDATE "ReviewTally" SET
    "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1),
    "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2),
    "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3),
    "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4),
    "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1),
    "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2),
    "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3),
    "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId"
    AND ("unit", "slot") IN (SELECT u."unit", (t."e" - ((t."e" % u."unit") + u."unit") % u."unit") / u."unit" FROM (SELECT unixepoch(OLD."reviewedAt") AS "e") t, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u);
  DELETE FROM "ReviewTally"
  WHERE OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 AND "userId" = OLD."userId"
    AND ("unit", "slot") IN (SELECT u."unit", (t."e" - ((t."e" % u."unit") + u."unit") % u."unit") / u."unit" FROM (SELECT unixepoch(OLD."reviewedAt") AS "e") t, (SELECT 900 AS "unit" UNION ALL SELECT 3600 UNION ALL SELECT 86400) u)
    AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
END;
