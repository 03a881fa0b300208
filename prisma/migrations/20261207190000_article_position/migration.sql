-- The queue reads new cards in article order and stops at the day's limit (lib/queue.ts): articles by
-- position. No data changes.
-- CreateIndex
CREATE INDEX "Article_position_idx" ON "Article"("position");
