-- ReviewTally and CardTally (prisma/schema.prisma; the SQLite migration of the same name says why). Review's
-- button index goes: nothing reads it any more.
-- DropIndex
DROP INDEX "Review_userId_undoneAt_rating_stateBefore_reviewedAt_idx";

-- CreateTable
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

    CONSTRAINT "ReviewTally_pkey" PRIMARY KEY ("userId","unit","slot")
);

-- CreateTable
CREATE TABLE "CardTally" (
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "correct" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CardTally_pkey" PRIMARY KEY ("userId","cardId")
);

-- AddForeignKey
ALTER TABLE "ReviewTally" ADD CONSTRAINT "ReviewTally_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CardTally" ADD CONSTRAINT "CardTally_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What there is, and the triggers that keep it. NOTE: the migration runs as one transaction
-- (lib/postgres-migrate-adapter.ts sends it whole), and the locks CREATE TRIGGER takes on Review and
-- ProblemAttempt hold off every other app process's writes until it commits: nothing is missed or counted twice.
-- A review that stands (undoneAt null) adds 1 to its card and, with a rating 1–4, to its three slots —
-- floor(epoch seconds / unit) for the units 900, 3600 and 86400 — in the column of its button; one that no longer
-- stands (undone, deleted, or changed) takes its 1 away; an exercise attempt on a card adds 1 to the card's
-- attempts (and to `correct` when it was). A row left with nothing is deleted. A decrease never inserts: when a
-- user is deleted, the cascade may delete their tallies before their reviews. Inserts are counted per statement
-- (an import or a copy writes hundreds of rows a statement), updates and deletes per row (an undo changes one).
LOCK TABLE "Review", "ProblemAttempt" IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO "ReviewTally" ("userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4")
SELECT r."userId", u."unit", floor(extract(epoch FROM r."reviewedAt") / u."unit")::integer,
  count(*) FILTER (WHERE r."stateBefore" <> 'review' AND r."rating" = 1)::integer,
  count(*) FILTER (WHERE r."stateBefore" <> 'review' AND r."rating" = 2)::integer,
  count(*) FILTER (WHERE r."stateBefore" <> 'review' AND r."rating" = 3)::integer,
  count(*) FILTER (WHERE r."stateBefore" <> 'review' AND r."rating" = 4)::integer,
  count(*) FILTER (WHERE r."stateBefore" = 'review' AND r."rating" = 1)::integer,
  count(*) FILTER (WHERE r."stateBefore" = 'review' AND r."rating" = 2)::integer,
  count(*) FILTER (WHERE r."stateBefore" = 'review' AND r."rating" = 3)::integer,
  count(*) FILTER (WHERE r."stateBefore" = 'review' AND r."rating" = 4)::integer
FROM "Review" r CROSS JOIN (VALUES (900), (3600), (86400)) AS u("unit")
WHERE r."undoneAt" IS NULL AND r."rating" BETWEEN 1 AND 4
GROUP BY 1, 2, 3;

INSERT INTO "CardTally" ("userId", "cardId", "reviews", "attempts", "correct")
SELECT "userId", "cardId", sum("reviews"), sum("attempts"), sum("correct") FROM (
  SELECT "userId", "cardId", count(*) AS "reviews", 0 AS "attempts", 0 AS "correct" FROM "Review" WHERE "undoneAt" IS NULL GROUP BY 1, 2
  UNION ALL
  SELECT "userId", "cardId", 0, count(*), count(*) FILTER (WHERE "verdict" = 'correct') FROM "ProblemAttempt" WHERE "cardId" IS NOT NULL GROUP BY 1, 2
) counts
GROUP BY 1, 2;

CREATE FUNCTION "Review_tallies_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- NOTE: in key order, so that two transactions adding to the same rows lock them in the same order.
  INSERT INTO "ReviewTally" AS t ("userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4")
  SELECT n."userId", u."unit", floor(extract(epoch FROM n."reviewedAt") / u."unit")::integer,
    count(*) FILTER (WHERE n."stateBefore" <> 'review' AND n."rating" = 1)::integer,
    count(*) FILTER (WHERE n."stateBefore" <> 'review' AND n."rating" = 2)::integer,
    count(*) FILTER (WHERE n."stateBefore" <> 'review' AND n."rating" = 3)::integer,
    count(*) FILTER (WHERE n."stateBefore" <> 'review' AND n."rating" = 4)::integer,
    count(*) FILTER (WHERE n."stateBefore" = 'review' AND n."rating" = 1)::integer,
    count(*) FILTER (WHERE n."stateBefore" = 'review' AND n."rating" = 2)::integer,
    count(*) FILTER (WHERE n."stateBefore" = 'review' AND n."rating" = 3)::integer,
    count(*) FILTER (WHERE n."stateBefore" = 'review' AND n."rating" = 4)::integer
  FROM inserted n CROSS JOIN (VALUES (900), (3600), (86400)) AS u("unit")
  WHERE n."undoneAt" IS NULL AND n."rating" BETWEEN 1 AND 4
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3
  ON CONFLICT ("userId", "unit", "slot") DO UPDATE SET
    "learning1" = t."learning1" + excluded."learning1", "learning2" = t."learning2" + excluded."learning2", "learning3" = t."learning3" + excluded."learning3", "learning4" = t."learning4" + excluded."learning4", "review1" = t."review1" + excluded."review1", "review2" = t."review2" + excluded."review2", "review3" = t."review3" + excluded."review3", "review4" = t."review4" + excluded."review4";
  INSERT INTO "CardTally" AS t ("userId", "cardId", "reviews")
  SELECT n."userId", n."cardId", count(*)::integer FROM inserted n WHERE n."undoneAt" IS NULL
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT ("userId", "cardId") DO UPDATE SET "reviews" = t."reviews" + excluded."reviews";
  RETURN NULL;
END $$;

CREATE FUNCTION "Review_tallies_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."undoneAt" IS NULL THEN
    IF OLD."rating" BETWEEN 1 AND 4 THEN
      UPDATE "ReviewTally" SET
        "learning1" = "learning1" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 1)::integer,
        "learning2" = "learning2" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 2)::integer,
        "learning3" = "learning3" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 3)::integer,
        "learning4" = "learning4" - (OLD."stateBefore" <> 'review' AND OLD."rating" = 4)::integer,
        "review1" = "review1" - (OLD."stateBefore" = 'review' AND OLD."rating" = 1)::integer,
        "review2" = "review2" - (OLD."stateBefore" = 'review' AND OLD."rating" = 2)::integer,
        "review3" = "review3" - (OLD."stateBefore" = 'review' AND OLD."rating" = 3)::integer,
        "review4" = "review4" - (OLD."stateBefore" = 'review' AND OLD."rating" = 4)::integer
      WHERE "userId" = OLD."userId" AND ("unit", "slot") IN (SELECT u."unit", floor(extract(epoch FROM OLD."reviewedAt") / u."unit")::integer FROM (VALUES (900), (3600), (86400)) AS u("unit"));
      DELETE FROM "ReviewTally"
      WHERE "userId" = OLD."userId" AND ("unit", "slot") IN (SELECT u."unit", floor(extract(epoch FROM OLD."reviewedAt") / u."unit")::integer FROM (VALUES (900), (3600), (86400)) AS u("unit"))
        AND "learning1" = 0 AND "learning2" = 0 AND "learning3" = 0 AND "learning4" = 0 AND "review1" = 0 AND "review2" = 0 AND "review3" = 0 AND "review4" = 0;
    END IF;
    UPDATE "CardTally" SET "reviews" = "reviews" - 1 WHERE "userId" = OLD."userId" AND "cardId" = OLD."cardId";
    DELETE FROM "CardTally" WHERE "userId" = OLD."userId" AND "cardId" = OLD."cardId" AND "reviews" = 0 AND "attempts" = 0;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW."undoneAt" IS NULL THEN
      IF NEW."rating" BETWEEN 1 AND 4 THEN
        INSERT INTO "ReviewTally" AS t ("userId", "unit", "slot", "learning1", "learning2", "learning3", "learning4", "review1", "review2", "review3", "review4")
        SELECT NEW."userId", u."unit", floor(extract(epoch FROM NEW."reviewedAt") / u."unit")::integer,
          (NEW."stateBefore" <> 'review' AND NEW."rating" = 1)::integer,
          (NEW."stateBefore" <> 'review' AND NEW."rating" = 2)::integer,
          (NEW."stateBefore" <> 'review' AND NEW."rating" = 3)::integer,
          (NEW."stateBefore" <> 'review' AND NEW."rating" = 4)::integer,
          (NEW."stateBefore" = 'review' AND NEW."rating" = 1)::integer,
          (NEW."stateBefore" = 'review' AND NEW."rating" = 2)::integer,
          (NEW."stateBefore" = 'review' AND NEW."rating" = 3)::integer,
          (NEW."stateBefore" = 'review' AND NEW."rating" = 4)::integer
        FROM (VALUES (900), (3600), (86400)) AS u("unit")
        ORDER BY 2
        ON CONFLICT ("userId", "unit", "slot") DO UPDATE SET
          "learning1" = t."learning1" + excluded."learning1", "learning2" = t."learning2" + excluded."learning2", "learning3" = t."learning3" + excluded."learning3", "learning4" = t."learning4" + excluded."learning4", "review1" = t."review1" + excluded."review1", "review2" = t."review2" + excluded."review2", "review3" = t."review3" + excluded."review3", "review4" = t."review4" + excluded."review4";
      END IF;
      INSERT INTO "CardTally" AS t ("userId", "cardId", "reviews") VALUES (NEW."userId", NEW."cardId", 1)
      ON CONFLICT ("userId", "cardId") DO UPDATE SET "reviews" = t."reviews" + 1;
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "ProblemAttempt_tally_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CardTally" AS t ("userId", "cardId", "attempts", "correct")
  SELECT n."userId", n."cardId", count(*)::integer, count(*) FILTER (WHERE n."verdict" = 'correct')::integer
  FROM inserted n WHERE n."cardId" IS NOT NULL
  GROUP BY 1, 2
  ORDER BY 1, 2
  ON CONFLICT ("userId", "cardId") DO UPDATE SET "attempts" = t."attempts" + excluded."attempts", "correct" = t."correct" + excluded."correct";
  RETURN NULL;
END $$;

CREATE FUNCTION "ProblemAttempt_tally_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."cardId" IS NOT NULL THEN
    UPDATE "CardTally" SET "attempts" = "attempts" - 1, "correct" = "correct" - (OLD."verdict" = 'correct')::integer
    WHERE "userId" = OLD."userId" AND "cardId" = OLD."cardId";
    DELETE FROM "CardTally" WHERE "userId" = OLD."userId" AND "cardId" = OLD."cardId" AND "reviews" = 0 AND "attempts" = 0;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    IF NEW."cardId" IS NOT NULL THEN
      INSERT INTO "CardTally" AS t ("userId", "cardId", "attempts", "correct") VALUES (NEW."userId", NEW."cardId", 1, (NEW."verdict" = 'correct')::integer)
      ON CONFLICT ("userId", "cardId") DO UPDATE SET "attempts" = t."attempts" + 1, "correct" = t."correct" + excluded."correct";
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Review_tallies_insert" AFTER INSERT ON "Review" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION "Review_tallies_inserted"();
CREATE TRIGGER "Review_tallies_update" AFTER UPDATE OF "userId", "cardId", "rating", "stateBefore", "reviewedAt", "undoneAt" ON "Review"
  FOR EACH ROW EXECUTE FUNCTION "Review_tallies_changed"();
CREATE TRIGGER "Review_tallies_delete" AFTER DELETE ON "Review"
  FOR EACH ROW EXECUTE FUNCTION "Review_tallies_changed"();
CREATE TRIGGER "ProblemAttempt_tally_insert" AFTER INSERT ON "ProblemAttempt" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION "ProblemAttempt_tally_inserted"();
CREATE TRIGGER "ProblemAttempt_tally_update" AFTER UPDATE OF "userId", "cardId", "verdict" ON "ProblemAttempt"
  FOR EACH ROW EXECUTE FUNCTION "ProblemAttempt_tally_changed"();
CREATE TRIGGER "ProblemAttempt_tally_delete" AFTER DELETE ON "ProblemAttempt"
  FOR EACH ROW EXECUTE FUNCTION "ProblemAttempt_tally_changed"();
