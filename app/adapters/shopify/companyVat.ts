/** The VAT number Shopify B2B keeps on the company location an order was bought for. */
import { AdminApiError, type AdminGraphql } from "./graphql/client";
import { ORDER_COMPANY_VAT_QUERY } from "./graphql/queries";

interface CompanyVatAnswer {
  order: { purchasingEntity: { location?: { taxSettings: { taxRegistrationId: string | null } } } | null } | null;
}

/** null for a consumer's order, a location without a number, or Shopify not answering (the bureau is then asked by name). */
export async function companyVatOfOrder(admin: AdminGraphql, orderGid: string): Promise<string | null> {
  try {
    const answer = await admin.request<CompanyVatAnswer>(ORDER_COMPANY_VAT_QUERY, { id: orderGid });
    return answer.order?.purchasingEntity?.location?.taxSettings.taxRegistrationId?.trim() || null;
  } catch (error) {
    if (error instanceof AdminApiError) return null;
    throw error;
  }
}
