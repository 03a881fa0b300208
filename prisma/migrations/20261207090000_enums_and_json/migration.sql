-- Closed sets of words become Prisma enums and JSON text becomes Prisma Json (issue 17). No value changes:
-- an enum column stays TEXT holding the same words, a Json column becomes JSONB holding the same JSON text
-- (copied row by row by the table redefinitions below).
--
-- First, every stored value is checked: a word outside its enum, or text that is not JSON, would make
-- Prisma refuse to read the row later. Such a value stops the migration here, before anything is changed,
-- with the column named in the error ("CHECK constraint failed: Card.kind is basic, cloze or problem").
CREATE TEMP TABLE "_check_User_role" ("v" TEXT CONSTRAINT "User.role is admin, editor or member" CHECK ("v" IN ('admin', 'editor', 'member')));
INSERT INTO "_check_User_role" SELECT "role" FROM "User";
DROP TABLE "_check_User_role";
CREATE TEMP TABLE "_check_User_lang" ("v" TEXT CONSTRAINT "User.lang is zh or en" CHECK ("v" IN ('zh', 'en')));
INSERT INTO "_check_User_lang" SELECT "lang" FROM "User";
DROP TABLE "_check_User_lang";
CREATE TEMP TABLE "_check_Membership_role" ("v" TEXT CONSTRAINT "Membership.role is admin or member" CHECK ("v" IN ('admin', 'member')));
INSERT INTO "_check_Membership_role" SELECT "role" FROM "Membership";
DROP TABLE "_check_Membership_role";
CREATE TEMP TABLE "_check_Article_origin" ("v" TEXT CONSTRAINT "Article.origin is bundled, authored or imported" CHECK ("v" IN ('bundled', 'authored', 'imported')));
INSERT INTO "_check_Article_origin" SELECT "origin" FROM "Article";
DROP TABLE "_check_Article_origin";
CREATE TEMP TABLE "_check_Note_kind" ("v" TEXT CONSTRAINT "Note.kind is basic or cloze" CHECK ("v" IN ('basic', 'cloze')));
INSERT INTO "_check_Note_kind" SELECT "kind" FROM "Note";
DROP TABLE "_check_Note_kind";
CREATE TEMP TABLE "_check_Note_origin" ("v" TEXT CONSTRAINT "Note.origin is bundled, authored or imported" CHECK ("v" IN ('bundled', 'authored', 'imported')));
INSERT INTO "_check_Note_origin" SELECT "origin" FROM "Note";
DROP TABLE "_check_Note_origin";
CREATE TEMP TABLE "_check_NoteVersion_change" ("v" TEXT CONSTRAINT "NoteVersion.change is created, edited, bundled, imported, retired or restored" CHECK ("v" IN ('created', 'edited', 'bundled', 'imported', 'retired', 'restored')));
INSERT INTO "_check_NoteVersion_change" SELECT "change" FROM "NoteVersion";
DROP TABLE "_check_NoteVersion_change";
CREATE TEMP TABLE "_check_Card_kind" ("v" TEXT CONSTRAINT "Card.kind is basic, cloze or problem" CHECK ("v" IN ('basic', 'cloze', 'problem')));
INSERT INTO "_check_Card_kind" SELECT "kind" FROM "Card";
DROP TABLE "_check_Card_kind";
CREATE TEMP TABLE "_check_Card_level" ("v" TEXT CONSTRAINT "Card.level is easy, medium or hard" CHECK ("v" IN ('easy', 'medium', 'hard')));
INSERT INTO "_check_Card_level" SELECT "level" FROM "Card";
DROP TABLE "_check_Card_level";
CREATE TEMP TABLE "_check_CardState_state" ("v" TEXT CONSTRAINT "CardState.state is new, learning, review or relearning" CHECK ("v" IN ('new', 'learning', 'review', 'relearning')));
INSERT INTO "_check_CardState_state" SELECT "state" FROM "CardState";
DROP TABLE "_check_CardState_state";
CREATE TEMP TABLE "_check_Review_stateBefore" ("v" TEXT CONSTRAINT "Review.stateBefore is new, learning, review or relearning" CHECK ("v" IN ('new', 'learning', 'review', 'relearning')));
INSERT INTO "_check_Review_stateBefore" SELECT "stateBefore" FROM "Review";
DROP TABLE "_check_Review_stateBefore";
CREATE TEMP TABLE "_check_ProblemAttempt_verdict" ("v" TEXT CONSTRAINT "ProblemAttempt.verdict is correct, incorrect or invalid" CHECK ("v" IN ('correct', 'incorrect', 'invalid')));
INSERT INTO "_check_ProblemAttempt_verdict" SELECT "verdict" FROM "ProblemAttempt";
DROP TABLE "_check_ProblemAttempt_verdict";
CREATE TEMP TABLE "_check_User_fsrsParams" ("v" TEXT CONSTRAINT "User.fsrsParams is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_User_fsrsParams" SELECT "fsrsParams" FROM "User";
DROP TABLE "_check_User_fsrsParams";
CREATE TEMP TABLE "_check_Article_pendingBundled" ("v" TEXT CONSTRAINT "Article.pendingBundled is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_Article_pendingBundled" SELECT "pendingBundled" FROM "Article";
DROP TABLE "_check_Article_pendingBundled";
CREATE TEMP TABLE "_check_Note_fields" ("v" TEXT CONSTRAINT "Note.fields is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_Note_fields" SELECT "fields" FROM "Note";
DROP TABLE "_check_Note_fields";
CREATE TEMP TABLE "_check_Note_pendingBundled" ("v" TEXT CONSTRAINT "Note.pendingBundled is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_Note_pendingBundled" SELECT "pendingBundled" FROM "Note";
DROP TABLE "_check_Note_pendingBundled";
CREATE TEMP TABLE "_check_NoteVersion_fields" ("v" TEXT CONSTRAINT "NoteVersion.fields is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_NoteVersion_fields" SELECT "fields" FROM "NoteVersion";
DROP TABLE "_check_NoteVersion_fields";
CREATE TEMP TABLE "_check_NoteVersion_changed" ("v" TEXT CONSTRAINT "NoteVersion.changed is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_NoteVersion_changed" SELECT "changed" FROM "NoteVersion";
DROP TABLE "_check_NoteVersion_changed";
CREATE TEMP TABLE "_check_Card_content" ("v" TEXT CONSTRAINT "Card.content is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_Card_content" SELECT "content" FROM "Card";
DROP TABLE "_check_Card_content";
CREATE TEMP TABLE "_check_Review_prevState" ("v" TEXT CONSTRAINT "Review.prevState is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_Review_prevState" SELECT "prevState" FROM "Review";
DROP TABLE "_check_Review_prevState";
CREATE TEMP TABLE "_check_Review_result" ("v" TEXT CONSTRAINT "Review.result is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_Review_result" SELECT "result" FROM "Review";
DROP TABLE "_check_Review_result";
CREATE TEMP TABLE "_check_ProblemAttempt_params" ("v" TEXT CONSTRAINT "ProblemAttempt.params is JSON" CHECK (json_valid("v")));
INSERT INTO "_check_ProblemAttempt_params" SELECT "params" FROM "ProblemAttempt";
DROP TABLE "_check_ProblemAttempt_params";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "username" TEXT NOT NULL,
    "usernameKey" TEXT,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "disabledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lang" TEXT NOT NULL DEFAULT 'zh',
    "desiredRetention" REAL NOT NULL DEFAULT 0.9,
    "newPerDay" INTEGER NOT NULL DEFAULT 20,
    "reviewsPerDay" INTEGER NOT NULL DEFAULT 200,
    "dayStartHour" INTEGER NOT NULL DEFAULT 4,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "shareProgress" BOOLEAN NOT NULL DEFAULT true,
    "fsrsParams" JSONB
);
INSERT INTO "new_User" ("createdAt", "dayStartHour", "desiredRetention", "disabledAt", "fsrsParams", "id", "lang", "newPerDay", "passwordHash", "reviewsPerDay", "role", "shareProgress", "timeZone", "username", "usernameKey") SELECT "createdAt", "dayStartHour", "desiredRetention", "disabledAt", "fsrsParams", "id", "lang", "newPerDay", "passwordHash", "reviewsPerDay", "role", "shareProgress", "timeZone", "username", "usernameKey" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE UNIQUE INDEX "User_usernameKey_key" ON "User"("usernameKey");
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
    "pendingBundled" JSONB
);
INSERT INTO "new_Article" ("bundledHash", "category", "createdById", "date", "excerpt", "localEditAt", "origin", "pendingBundled", "position", "slug", "sourceUrl", "summaryEn", "summaryZh", "titleEn", "titleZh", "updatedAt") SELECT "bundledHash", "category", "createdById", "date", "excerpt", "localEditAt", "origin", "pendingBundled", "position", "slug", "sourceUrl", "summaryEn", "summaryZh", "titleEn", "titleZh", "updatedAt" FROM "Article";
DROP TABLE "Article";
ALTER TABLE "new_Article" RENAME TO "Article";
CREATE TABLE "new_Note" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleSlug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fields" JSONB NOT NULL,
    "tags" TEXT NOT NULL DEFAULT '',
    "guid" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'bundled',
    "version" INTEGER NOT NULL DEFAULT 1,
    "bundledHash" TEXT,
    "localEditAt" DATETIME,
    "pendingBundled" JSONB,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Note" ("articleSlug", "bundledHash", "createdAt", "fields", "guid", "id", "kind", "localEditAt", "origin", "pendingBundled", "position", "retiredAt", "tags", "updatedAt", "version") SELECT "articleSlug", "bundledHash", "createdAt", "fields", "guid", "id", "kind", "localEditAt", "origin", "pendingBundled", "position", "retiredAt", "tags", "updatedAt", "version" FROM "Note";
DROP TABLE "Note";
ALTER TABLE "new_Note" RENAME TO "Note";
CREATE UNIQUE INDEX "Note_guid_key" ON "Note"("guid");
CREATE INDEX "Note_articleSlug_idx" ON "Note"("articleSlug");
CREATE TABLE "new_NoteVersion" (
    "noteId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "fields" JSONB NOT NULL,
    "tags" TEXT NOT NULL,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "authorId" TEXT,
    "change" TEXT NOT NULL,
    "changed" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("noteId", "version"),
    CONSTRAINT "NoteVersion_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_NoteVersion" ("authorId", "change", "changed", "createdAt", "fields", "noteId", "retired", "tags", "version") SELECT "authorId", "change", "changed", "createdAt", "fields", "noteId", "retired", "tags", "version" FROM "NoteVersion";
DROP TABLE "NoteVersion";
ALTER TABLE "new_NoteVersion" RENAME TO "NoteVersion";
CREATE TABLE "new_Card" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "articleSlug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "noteId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "familyId" TEXT,
    "familyVersion" INTEGER,
    "level" TEXT,
    "contentHash" TEXT NOT NULL,
    "retiredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Card_articleSlug_fkey" FOREIGN KEY ("articleSlug") REFERENCES "Article" ("slug") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Card" ("articleSlug", "content", "contentHash", "createdAt", "familyId", "familyVersion", "id", "kind", "level", "noteId", "position", "retiredAt", "updatedAt") SELECT "articleSlug", "content", "contentHash", "createdAt", "familyId", "familyVersion", "id", "kind", "level", "noteId", "position", "retiredAt", "updatedAt" FROM "Card";
DROP TABLE "Card";
ALTER TABLE "new_Card" RENAME TO "Card";
CREATE INDEX "Card_articleSlug_idx" ON "Card"("articleSlug");
CREATE INDEX "Card_noteId_idx" ON "Card"("noteId");
CREATE TABLE "new_Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "cardId" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "stateBefore" TEXT NOT NULL,
    "reviewedAt" DATETIME NOT NULL,
    "durationMs" INTEGER,
    "elapsedDays" REAL NOT NULL DEFAULT 0,
    "scheduledDays" REAL NOT NULL DEFAULT 0,
    "prevState" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "undoneAt" DATETIME,
    CONSTRAINT "Review_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Review_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Review" ("cardId", "durationMs", "elapsedDays", "id", "prevState", "rating", "result", "reviewedAt", "scheduledDays", "stateBefore", "undoneAt", "userId") SELECT "cardId", "durationMs", "elapsedDays", "id", "prevState", "rating", "result", "reviewedAt", "scheduledDays", "stateBefore", "undoneAt", "userId" FROM "Review";
DROP TABLE "Review";
ALTER TABLE "new_Review" RENAME TO "Review";
CREATE INDEX "Review_userId_reviewedAt_idx" ON "Review"("userId", "reviewedAt");
CREATE INDEX "Review_userId_cardId_idx" ON "Review"("userId", "cardId");
CREATE TABLE "new_ProblemAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "cardId" TEXT,
    "reviewId" TEXT,
    "familyId" TEXT NOT NULL,
    "familyVersion" INTEGER NOT NULL,
    "seed" INTEGER NOT NULL,
    "params" JSONB NOT NULL,
    "answerText" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProblemAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProblemAttempt_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ProblemAttempt_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ProblemAttempt" ("answerText", "cardId", "createdAt", "familyId", "familyVersion", "id", "note", "params", "reviewId", "seed", "userId", "verdict") SELECT "answerText", "cardId", "createdAt", "familyId", "familyVersion", "id", "note", "params", "reviewId", "seed", "userId", "verdict" FROM "ProblemAttempt";
DROP TABLE "ProblemAttempt";
ALTER TABLE "new_ProblemAttempt" RENAME TO "ProblemAttempt";
CREATE UNIQUE INDEX "ProblemAttempt_reviewId_key" ON "ProblemAttempt"("reviewId");
CREATE INDEX "ProblemAttempt_userId_familyId_createdAt_idx" ON "ProblemAttempt"("userId", "familyId", "createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

