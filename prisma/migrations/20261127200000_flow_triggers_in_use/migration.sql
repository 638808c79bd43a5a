-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "flowTriggersInUse" BOOLEAN NOT NULL DEFAULT false;

-- shops whose workflows already use a trigger
UPDATE "Shop" SET "flowTriggersInUse" = true WHERE "id" IN (SELECT "shopId" FROM "FlowTriggerUse" WHERE "enabled" = true);
