-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "creditStatusPushed" TEXT;

