-- Covering indexes for the progress and group pages (docs/BENCHMARKS.md, "Progress"): their figures are read
-- from index entries instead of Review and ProblemAttempt rows. No data changes.
-- DropIndex
DROP INDEX "Review_userId_cardId_idx";

-- CreateIndex
CREATE INDEX "Review_userId_cardId_undoneAt_idx" ON "Review"("userId", "cardId", "undoneAt");

-- CreateIndex
CREATE INDEX "Review_userId_undoneAt_reviewedAt_stateBefore_rating_idx" ON "Review"("userId", "undoneAt", "reviewedAt", "stateBefore", "rating");

-- CreateIndex
CREATE INDEX "Review_userId_undoneAt_stateBefore_rating_reviewedAt_id_idx" ON "Review"("userId", "undoneAt", "stateBefore", "rating", "reviewedAt", "id");

-- CreateIndex
CREATE INDEX "ProblemAttempt_userId_cardId_createdAt_verdict_idx" ON "ProblemAttempt"("userId", "cardId", "createdAt", "verdict");

