-- CreateTable
CREATE TABLE "PredictionModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "examples" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "holdOut" INTEGER NOT NULL DEFAULT 0,
    "auc" REAL,
    "calibrationError" REAL,
    "calibration" TEXT NOT NULL DEFAULT '[]',
    "trainedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PaymentForecast" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "lateProbability" REAL NOT NULL,
    "bucket" TEXT NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '[]',
    "atRiskMinor" BIGINT NOT NULL,
    "scoredAt" DATETIME NOT NULL,
    CONSTRAINT "PaymentForecast_receivableId_fkey" FOREIGN KEY ("receivableId") REFERENCES "Receivable" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PredictionModel_shopId_key" ON "PredictionModel"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentForecast_receivableId_key" ON "PaymentForecast"("receivableId");

-- CreateIndex
CREATE INDEX "PaymentForecast_shopId_atRiskMinor_idx" ON "PaymentForecast"("shopId", "atRiskMinor");

