import { describe, expect, it } from "vitest";
import { customerName, customerSortName, foldName, personName } from "../../app/domain/customerNames";

const nobody = { company: null, firstName: null, lastName: null, email: null };

describe("customer names", () => {
  it("staff know a customer by the company, else the person, else the address, else the Shopify id", () => {
    const gid = "gid://shopify/Customer/1";
    expect(customerName({ ...nobody, gid, company: "Bakkerij Jansen", firstName: "Piet", lastName: "Jansen" })).toBe("Bakkerij Jansen");
    expect(customerName({ ...nobody, gid, firstName: "Piet", lastName: "Jansen", email: "piet@example.nl" })).toBe("Piet Jansen");
    expect(customerName({ ...nobody, gid, lastName: "Jansen" })).toBe("Jansen");
    expect(customerName({ ...nobody, gid, company: "", email: "piet@example.nl" })).toBe("piet@example.nl");
    expect(customerName({ ...nobody, gid })).toBe(gid);
    expect(customerName({ ...nobody, gid }, "a customer")).toBe("a customer");
  });

  it("a message greets the person, never the company", () => {
    expect(personName({ firstName: "Piet", lastName: "Jansen" })).toBe("Piet Jansen");
    expect(personName({ firstName: "", lastName: null })).toBeNull();
    expect(personName(null)).toBeNull();
  });

  it("the list sorts by the shown name folded: any case, accents beside their letter, the nameless last (null)", () => {
    expect(customerSortName({ ...nobody, firstName: "Émile", lastName: "Dubois" })).toBe("emile dubois");
    expect(customerSortName({ ...nobody, company: "  Ateliers Øresund " })).toBe("ateliers oresund");
    expect(customerSortName({ ...nobody, company: "Straße & Søn Æblegård" })).toBe("strasse & son aeblegard");
    expect(customerSortName({ ...nobody, company: "   " })).toBeNull();
    expect(customerSortName(nobody)).toBeNull();
    expect(foldName("ÉMILE")).toBe(foldName("emile"));
  });
});
