-- AlterTable
ALTER TABLE "CardState" ADD COLUMN "familyVersion" INTEGER;

-- CreateTable
CREATE TABLE "QuestionFamily" (
    "id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "articleSlug" TEXT NOT NULL,
    "yaml" TEXT NOT NULL,
    "generationKey" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("id", "version"),
    CONSTRAINT "QuestionFamily_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "QuestionFamily_articleSlug_idx" ON "QuestionFamily"("articleSlug");

