-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleSlug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fields" TEXT NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "guid" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'bundled',
    "version" INTEGER NOT NULL DEFAULT 1,
    "bundledHash" TEXT,
    "localEditAt" DATETIME,
    "pendingBundled" TEXT,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NoteVersion" (
    "noteId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "fields" TEXT NOT NULL,
    "tags" TEXT NOT NULL,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "authorId" TEXT,
    "change" TEXT NOT NULL,
    "changed" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("noteId", "version"),
    CONSTRAINT "NoteVersion_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Article" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "position" INTEGER NOT NULL,
    "titleZh" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "date" TEXT,
    "excerpt" TEXT NOT NULL,
    "summaryZh" TEXT NOT NULL,
    "summaryEn" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "sourceUrl" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'bundled',
    "createdById" TEXT,
    "bundledHash" TEXT,
    "localEditAt" DATETIME,
    "pendingBundled" TEXT
);
INSERT INTO "new_Article" ("category", "date", "excerpt", "position", "slug", "summaryEn", "summaryZh", "titleEn", "titleZh", "updatedAt") SELECT "category", "date", "excerpt", "position", "slug", "summaryEn", "summaryZh", "titleEn", "titleZh", "updatedAt" FROM "Article";
DROP TABLE "Article";
ALTER TABLE "new_Article" RENAME TO "Article";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Note_guid_key" ON "Note"("guid");

-- CreateIndex
CREATE INDEX "Note_articleSlug_idx" ON "Note"("articleSlug");

-- CreateIndex
CREATE INDEX "Card_noteId_idx" ON "Card"("noteId");

