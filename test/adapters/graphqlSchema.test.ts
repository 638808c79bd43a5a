import { describe, expect, it } from "vitest";
import { ALL_QUERIES } from "../../app/adapters/shopify/graphql/queries";
import { validateAdminQuery } from "../support/adminSchema";

describe("Admin GraphQL documents against Shopify's Admin schema", () => {
  it.each(Object.entries(ALL_QUERIES))("%s is valid", (_name, query) => {
    expect(validateAdminQuery(query)).toEqual([]);
  });

  it("a misspelt field fails validation", () => {
    const broken = ALL_QUERIES.ORDERS_PAGE_QUERY.replace("totalOutstandingSet", "totalOutstandingAmount");
    expect(validateAdminQuery(broken)).toEqual([expect.stringContaining('Cannot query field "totalOutstandingAmount"')]);
  });
});
