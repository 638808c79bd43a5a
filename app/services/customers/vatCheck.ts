/**
 * A business customer's VAT number checked in VIES on demand: the answer kept on the customer with
 * its date, the registered name compared with the shop's. VIES down is "unknown", kept as such:
 * nothing waits on it (not checkout, not ingest, not the reminders).
 */
import type { Db } from "../../db/client";
import { checkVies, type ViesAnswer } from "../../adapters/screening/vies";
import { namesAgree, parseVatNumber, VatNumberError } from "../../domain/screening/vatNumber";
import { customerName } from "./customerProfiles";

export class VatCheckError extends Error {
  override name = "VatCheckError";
}

export interface VatCheck {
  vatNumber: string;
  answer: ViesAnswer;
  /** whether VIES's registered name shares a word with the customer's; null when either is missing */
  nameAgrees: boolean | null;
}

export async function checkCustomerVat(db: Db, shopId: string, customerId: string, text: string, now: Date, vies: { baseUrl?: string; timeoutMs?: number } = {}): Promise<VatCheck> {
  const customer = await db.customer.findFirst({ where: { id: customerId, shopId } });
  if (!customer) throw new VatCheckError("no such customer in this shop");
  let vat;
  try {
    vat = parseVatNumber(text);
  } catch (error) {
    if (error instanceof VatNumberError) throw new VatCheckError(error.message);
    throw error;
  }
  const vatNumber = `${vat.countryCode}${vat.number}`;
  const answer = await checkVies(vat, { baseUrl: vies.baseUrl ?? process.env.DUNLY_VIES_URL, timeoutMs: vies.timeoutMs });
  await db.customer.update({
    where: { id: customer.id },
    data: {
      vatNumber, vatStatus: answer.status, vatCheckedAt: now,
      vatRegisteredName: answer.status === "valid" ? answer.name : null, vatRegisteredAddress: answer.status === "valid" ? answer.address : null,
    },
  });
  return { vatNumber, answer, nameAgrees: answer.status === "valid" ? namesAgree(answer.name, customerName(customer)) : null };
}
