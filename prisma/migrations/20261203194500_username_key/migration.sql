-- AlterTable
ALTER TABLE "User" ADD COLUMN "usernameKey" TEXT;

-- Existing rows: the oldest account of each case-insensitive name gets the key; a later one whose name
-- collides keeps NULL (it still signs in by its exact name), so no existing account stops working.
UPDATE "User" SET "usernameKey" = lower("username")
WHERE "id" = (
  SELECT "u2"."id" FROM "User" AS "u2"
  WHERE lower("u2"."username") = lower("User"."username")
  ORDER BY "u2"."createdAt" ASC, "u2"."id" ASC
  LIMIT 1
);

-- CreateIndex
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");
