-- ReviewTally: the reviews that stand, counted per user, UTC time slot and answer button (prisma/schema.prisma;
-- the SQLite migration of the same name says why). Review's button index goes: nothing reads it any more.
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

-- AddForeignKey
ALTER TABLE "ReviewTally" ADD CONSTRAINT "ReviewTally_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The triggers that keep ReviewTally in step with Review (prisma/schema.prisma), then the reviews there are.
-- NOTE: the migration runs as one transaction (lib/postgres-migrate-adapter.ts sends it whole): the lock that
-- CREATE TRIGGER takes on Review holds off every other app process's writes until it commits, so no review is
-- missed or counted twice.
-- A review that stands (undoneAt null, rating 1–4) adds 1 to its three slots — floor(epoch seconds / unit) for
-- the units 900, 3600 and 86400 — in the column of its button; one that no longer stands (undone, deleted, or
-- changed) takes its 1 away, and a row left with nothing is deleted. A decrease never inserts: when a user is
-- deleted, the cascade may delete their tally before their reviews.
-- Inserts are counted per statement (an import or a copy writes hundreds of reviews a statement), updates and
-- deletes per row (an undo changes one).
CREATE FUNCTION "ReviewTally_count_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
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
  RETURN NULL;
END $$;

CREATE FUNCTION "ReviewTally_count_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."undoneAt" IS NULL AND OLD."rating" BETWEEN 1 AND 4 THEN
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
  IF TG_OP = 'UPDATE' THEN
    IF NEW."undoneAt" IS NULL AND NEW."rating" BETWEEN 1 AND 4 THEN
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
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Review_tally_insert" AFTER INSERT ON "Review" REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION "ReviewTally_count_inserted"();
CREATE TRIGGER "Review_tally_update" AFTER UPDATE OF "userId", "rating", "stateBefore", "reviewedAt", "undoneAt" ON "Review"
  FOR EACH ROW EXECUTE FUNCTION "ReviewTally_count_changed"();
CREATE TRIGGER "Review_tally_delete" AFTER DELETE ON "Review"
  FOR EACH ROW EXECUTE FUNCTION "ReviewTally_count_changed"();

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
