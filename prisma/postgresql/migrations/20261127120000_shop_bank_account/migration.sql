-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "iban" TEXT,
ADD COLUMN     "accountHolder" TEXT;
