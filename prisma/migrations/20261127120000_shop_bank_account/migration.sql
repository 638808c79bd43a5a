-- AlterTable
ALTER TABLE "Shop" ADD COLUMN "iban" TEXT;
ALTER TABLE "Shop" ADD COLUMN "accountHolder" TEXT;
