-- An alert's words (a code and its figures) beside its English text, so the dashboard words it in the merchant's language; alerts raised before keep their English text only.
ALTER TABLE "Alert" ADD COLUMN "words" TEXT;
