-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "arrangementGraceDays" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "arrangementMaxDays" INTEGER NOT NULL DEFAULT 180,
ADD COLUMN     "arrangementMaxInstalments" INTEGER NOT NULL DEFAULT 6,
ADD COLUMN     "arrangementMinInstalmentMinor" INTEGER NOT NULL DEFAULT 2500,
ADD COLUMN     "disputeSlaHours" INTEGER NOT NULL DEFAULT 48;

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolution" TEXT,
    "assignee" TEXT,
    "slaDueAt" TIMESTAMP(3) NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "shopifyDisputeGid" TEXT,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeMessage" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DisputeMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Arrangement" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "startOutstandingMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "graceDays" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "decidedAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Arrangement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instalment" (
    "id" TEXT NOT NULL,
    "arrangementId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Instalment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Dispute_shopId_status_slaDueAt_idx" ON "Dispute"("shopId", "status", "slaDueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_shopId_shopifyDisputeGid_key" ON "Dispute"("shopId", "shopifyDisputeGid");

-- CreateIndex
CREATE INDEX "Arrangement_shopId_status_idx" ON "Arrangement"("shopId", "status");

-- CreateIndex
CREATE INDEX "Arrangement_receivableId_idx" ON "Arrangement"("receivableId");

-- CreateIndex
CREATE UNIQUE INDEX "Instalment_arrangementId_seq_key" ON "Instalment"("arrangementId", "seq");

-- AddForeignKey
ALTER TABLE "Dispute" ADD CONSTRAINT "Dispute_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeMessage" ADD CONSTRAINT "DisputeMessage_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Arrangement" ADD CONSTRAINT "Arrangement_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instalment" ADD CONSTRAINT "Instalment_arrangementId_fkey" FOREIGN KEY ("arrangementId") REFERENCES "Arrangement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

