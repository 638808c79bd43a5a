-- AlterTable
ALTER TABLE "Message" ADD COLUMN "groupedInto" TEXT;
ALTER TABLE "Message" ADD COLUMN "customerRunKey" TEXT;
ALTER TABLE "Shop" ADD COLUMN "groupReminders" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Segment" ADD COLUMN "groupReminders" BOOLEAN NOT NULL DEFAULT true;

-- CreateIndex
CREATE UNIQUE INDEX "Message_customerRunKey_key" ON "Message"("customerRunKey");
CREATE INDEX "Message_groupedInto_idx" ON "Message"("groupedInto");
