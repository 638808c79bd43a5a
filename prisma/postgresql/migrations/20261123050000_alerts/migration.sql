-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "customerId" TEXT,
    "receivableId" TEXT,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Alert_shopId_readAt_createdAt_idx" ON "Alert"("shopId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_shopId_key_key" ON "Alert"("shopId", "key");

