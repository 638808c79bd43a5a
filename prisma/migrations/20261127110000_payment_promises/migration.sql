-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "promiseMaxDays" INTEGER NOT NULL DEFAULT 14;

-- CreateTable
CREATE TABLE "PaymentPromise" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "promisedFor" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    CONSTRAINT "PaymentPromise_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PaymentPromise_shopId_status_promisedFor_idx" ON "PaymentPromise"("shopId", "status", "promisedFor");
CREATE INDEX "PaymentPromise_receivableId_idx" ON "PaymentPromise"("receivableId");
