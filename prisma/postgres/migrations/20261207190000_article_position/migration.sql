-- CreateIndex
CREATE INDEX "Article_position_idx" ON "Article"("position");

