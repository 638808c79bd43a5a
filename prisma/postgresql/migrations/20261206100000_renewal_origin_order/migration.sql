-- The subscription's first order: Shopify Flow's order reference for a renewal (renewals failed before keep none).
ALTER TABLE "SubscriptionRenewal" ADD COLUMN "originOrderGid" TEXT;
