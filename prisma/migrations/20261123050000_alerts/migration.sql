-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "customerId" TEXT,
    "receivableId" TEXT,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Alert_shopId_readAt_createdAt_idx" ON "Alert"("shopId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_shopId_key_key" ON "Alert"("shopId", "key");

