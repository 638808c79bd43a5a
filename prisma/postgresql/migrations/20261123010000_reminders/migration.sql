-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "brandColor" TEXT NOT NULL DEFAULT '#1f6f50',
ADD COLUMN     "logoUrl" TEXT,
ADD COLUMN     "minGapHours" INTEGER NOT NULL DEFAULT 48,
ADD COLUMN     "quietHoursEnd" INTEGER NOT NULL DEFAULT 8,
ADD COLUMN     "quietHoursStart" INTEGER NOT NULL DEFAULT 21,
ADD COLUMN     "replyTo" TEXT,
ADD COLUMN     "senderEmail" TEXT,
ADD COLUMN     "senderName" TEXT,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'Europe/Amsterdam';

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "reminderPauseReason" TEXT,
ADD COLUMN     "reminderPausedUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Receivable" ADD COLUMN     "nextActionAt" TIMESTAMP(3),
ADD COLUMN     "pauseReason" TEXT,
ADD COLUMN     "pausedUntil" TIMESTAMP(3),
ADD COLUMN     "paymentUrl" TEXT,
ADD COLUMN     "workflowState" TEXT;

-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "conditions" TEXT NOT NULL DEFAULT '[]',
    "steps" TEXT NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "toAddress" TEXT,
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "feeMinor" BIGINT,
    "providerId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3),

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT,
    "messageId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "assignee" TEXT,
    "doneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Segment_shopId_position_idx" ON "Segment"("shopId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Message_idempotencyKey_key" ON "Message"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Message_receivableId_idx" ON "Message"("receivableId");

-- CreateIndex
CREATE INDEX "Message_status_nextAttemptAt_idx" ON "Message"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "Task_messageId_key" ON "Task"("messageId");

-- CreateIndex
CREATE INDEX "Task_shopId_doneAt_dueAt_idx" ON "Task"("shopId", "doneAt", "dueAt");

-- CreateIndex
CREATE INDEX "Receivable_status_nextActionAt_idx" ON "Receivable"("status", "nextActionAt");

-- AddForeignKey
ALTER TABLE "Segment" ADD CONSTRAINT "Segment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

