-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "variant" TEXT;

