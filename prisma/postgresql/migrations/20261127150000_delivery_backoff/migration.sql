-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");


-- Deliveries waiting when this runs are due at once (they were claimed oldest-first before)
UPDATE "WebhookDelivery" SET "nextAttemptAt" = "receivedAt" WHERE "status" IN ('queued', 'failed');
