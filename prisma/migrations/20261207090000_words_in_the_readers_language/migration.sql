-- What an alert says and what a task asks, as a code with its figures beside the English text, so the dashboard and the tasks screen word them in the merchant's language; the ones made before keep their English text only.
ALTER TABLE "Alert" ADD COLUMN "words" TEXT;
ALTER TABLE "Task" ADD COLUMN "words" TEXT;
-- The language staff last opened the app in: the daily alert digest is written in it (English until someone opens the app).
ALTER TABLE "Shop" ADD COLUMN "staffLocale" TEXT;
