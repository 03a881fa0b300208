-- DropIndex
DROP INDEX "Review_userId_cardId_idx";

-- CreateIndex
CREATE INDEX "Review_userId_cardId_undoneAt_reviewedAt_idx" ON "Review"("userId", "cardId", "undoneAt", "reviewedAt");

-- CreateIndex
CREATE INDEX "Review_userId_undoneAt_reviewedAt_stateBefore_idx" ON "Review"("userId", "undoneAt", "reviewedAt", "stateBefore");

-- CreateIndex
CREATE INDEX "Review_userId_undoneAt_rating_stateBefore_reviewedAt_idx" ON "Review"("userId", "undoneAt", "rating", "stateBefore", "reviewedAt");

-- CreateIndex
CREATE INDEX "ProblemAttempt_userId_cardId_createdAt_verdict_idx" ON "ProblemAttempt"("userId", "cardId", "createdAt", "verdict");

