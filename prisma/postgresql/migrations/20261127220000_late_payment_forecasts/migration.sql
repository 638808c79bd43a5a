-- CreateTable
CREATE TABLE "PredictionModel" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "examples" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "holdOut" INTEGER NOT NULL DEFAULT 0,
    "auc" DOUBLE PRECISION,
    "calibrationError" DOUBLE PRECISION,
    "calibration" TEXT NOT NULL DEFAULT '[]',
    "trainedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PredictionModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaymentForecast" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "lateProbability" DOUBLE PRECISION NOT NULL,
    "bucket" TEXT NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '[]',
    "atRiskMinor" BIGINT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaymentForecast_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PredictionModel_shopId_key" ON "PredictionModel"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentForecast_receivableId_key" ON "PaymentForecast"("receivableId");

-- CreateIndex
CREATE INDEX "PaymentForecast_shopId_atRiskMinor_idx" ON "PaymentForecast"("shopId", "atRiskMinor");

-- AddForeignKey
ALTER TABLE "PaymentForecast" ADD CONSTRAINT "PaymentForecast_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable"("id") ON DELETE CASCADE ON UPDATE CASCADE;

