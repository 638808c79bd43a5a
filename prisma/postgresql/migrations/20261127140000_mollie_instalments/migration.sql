-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "mollieApiKey" TEXT;

-- CreateTable
CREATE TABLE "ProviderPayment" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerPaymentId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "arrangementId" TEXT,
    "instalmentSeq" INTEGER,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "checkoutUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "paidAt" TIMESTAMP(3),

    CONSTRAINT "ProviderPayment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProviderPayment_shopId_receivableId_status_idx" ON "ProviderPayment"("shopId", "receivableId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderPayment_provider_providerPaymentId_key" ON "ProviderPayment"("provider", "providerPaymentId");

