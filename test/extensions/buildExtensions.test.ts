/**
 * The UI extensions build: every target module of every ui_extension toml bundles with its imports
 * resolved (Preact, Shopify's extension runtime, the shared components), as the CLI bundles them.
 */
import { describe, expect, it } from "vitest";
import { buildUiExtensions, uiExtensions } from "../../scripts/buildExtensions";

describe("the UI extensions", () => {
  it("bundle every target they declare, with no import left unresolved", async () => {
    const declared = uiExtensions().flatMap((e) => e.targets.map((t) => `${e.handle}/${t.target}`));
    expect(declared).toEqual(expect.arrayContaining([
      "dunly-admin/admin.order-details.block.render", "dunly-admin/admin.customer-details.block.render",
      "dunly-admin/admin.order-details.action.render", "dunly-admin/admin.order-index.selection-action.render",
      "dunly-customer-account/customer-account.page.render", "dunly-customer-account/customer-account.order-index.block.render",
      "dunly-customer-account/customer-account.order-status.block.render",
    ]));
    const bundles = await buildUiExtensions();
    expect([...bundles.keys()].sort()).toEqual([...declared].sort());
    for (const [name, code] of bundles) {
      expect(code, name).not.toMatch(/\bimport\s*[{*\w][^;]*from\s*["']/); // one file, everything inside, as the CLI uploads it
      expect(code.length, name).toBeLessThan(64 * 1024); // Shopify refuses UI extension bundles over 64 KB
    }
  }, 60_000);
});
