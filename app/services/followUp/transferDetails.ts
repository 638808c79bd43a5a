/** What a reminder needs to offer payment by bank transfer: the shop's account and the order's structured reference. */
import { orderPaymentReference } from "../../domain/paymentReference";

interface ShopAccount {
  iban: string | null;
  accountHolder: string | null;
  name: string;
  legalProfile: string;
}

/** Belgian shops print the Belgian structured communication, which Belgian banks read; others the international RF. */
export function referenceFor(shop: ShopAccount, orderName: string): string | null {
  return shop.iban ? orderPaymentReference(orderName, shop.legalProfile.startsWith("be_") ? "be" : "rf") : null;
}

export function shopAccount(shop: ShopAccount): { iban: string; holder: string } | null {
  return shop.iban ? { iban: shop.iban, holder: shop.accountHolder ?? shop.name } : null;
}

export function transferFor(shop: ShopAccount, orderName: string): { iban: string; holder: string; reference: string } | null {
  const account = shopAccount(shop);
  const reference = referenceFor(shop, orderName);
  return account && reference ? { ...account, reference } : null;
}
