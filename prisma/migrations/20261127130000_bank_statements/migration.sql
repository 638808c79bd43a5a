-- CreateTable
CREATE TABLE "BankStatement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "statementRef" TEXT NOT NULL,
    "accountIban" TEXT,
    "fileName" TEXT,
    "entryCount" INTEGER NOT NULL,
    "importedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BankEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "entryKey" TEXT NOT NULL,
    "bookedOn" DATETIME NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "reversal" BOOLEAN NOT NULL DEFAULT false,
    "counterpartyName" TEXT,
    "counterpartyIban" TEXT,
    "remittance" TEXT NOT NULL DEFAULT '',
    "structuredReference" TEXT,
    "bankReference" TEXT,
    "status" TEXT NOT NULL,
    "confidence" INTEGER NOT NULL DEFAULT 0,
    "reasons" TEXT NOT NULL DEFAULT '[]',
    "proposal" TEXT NOT NULL DEFAULT '[]',
    "customerId" TEXT,
    "matchedBy" TEXT,
    "matchedAt" DATETIME,
    "creditMinor" BIGINT NOT NULL DEFAULT 0,
    "importedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PaymentAllocation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "receivableId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "ledgerKey" TEXT NOT NULL,
    "writeBackStatus" TEXT NOT NULL,
    "writeBackError" TEXT,
    "shopifyTransactionGid" TEXT,
    "createdAt" DATETIME NOT NULL,
    "writtenBackAt" DATETIME
);

-- CreateTable
CREATE TABLE "CustomerBankAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "iban" TEXT NOT NULL,
    "learnedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "BankStatement_shopId_statementRef_key" ON "BankStatement"("shopId", "statementRef");

-- CreateIndex
CREATE INDEX "BankEntry_shopId_status_bookedOn_idx" ON "BankEntry"("shopId", "status", "bookedOn");

-- CreateIndex
CREATE INDEX "BankEntry_shopId_customerId_idx" ON "BankEntry"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "BankEntry_shopId_entryKey_key" ON "BankEntry"("shopId", "entryKey");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentAllocation_ledgerKey_key" ON "PaymentAllocation"("ledgerKey");

-- CreateIndex
CREATE INDEX "PaymentAllocation_shopId_writeBackStatus_idx" ON "PaymentAllocation"("shopId", "writeBackStatus");

-- CreateIndex
CREATE INDEX "PaymentAllocation_shopId_source_sourceId_idx" ON "PaymentAllocation"("shopId", "source", "sourceId");

-- CreateIndex
CREATE INDEX "PaymentAllocation_receivableId_idx" ON "PaymentAllocation"("receivableId");

-- CreateIndex
CREATE INDEX "CustomerBankAccount_customerId_idx" ON "CustomerBankAccount"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerBankAccount_shopId_iban_key" ON "CustomerBankAccount"("shopId", "iban");

