-- The customers list sorts by the name it shows (app/domain/customerNames.ts: the company, else
-- first and last name, else the email). Customers written before are folded here with lower();
-- the next copy from Shopify folds them as the app does (accents too).
ALTER TABLE "Customer" ADD COLUMN "sortName" TEXT;
UPDATE "Customer" SET "sortName" = NULLIF(lower(trim(COALESCE(
  NULLIF("company", ''), NULLIF(trim(COALESCE("firstName", '') || ' ' || COALESCE("lastName", '')), ''), "email", ''))), '');

DROP INDEX "Customer_shopId_lastName_id_idx";
CREATE INDEX "Customer_shopId_sortName_id_idx" ON "Customer"("shopId", "sortName", "id");
