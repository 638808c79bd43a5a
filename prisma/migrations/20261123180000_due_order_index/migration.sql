-- DropIndex
DROP INDEX "Receivable_status_nextActionAt_idx";

-- CreateIndex
CREATE INDEX "Receivable_status_nextActionAt_id_idx" ON "Receivable"("status", "nextActionAt", "id");

