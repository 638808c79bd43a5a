import { describe, expect, it } from "vitest";
import { decodeKeyset, encodeKeyset } from "../../app/domain/keyset";

describe("keyset cursors in a URL", () => {
  it("carry a date, an integer, any text or none, and come back the same", () => {
    const cases = [
      [{ direction: "after", value: new Date("2026-11-20T00:00:00.000Z"), id: "clx01abc" }, "date"],
      [{ direction: "before", value: -4200n, id: "x1" }, "integer"],
      [{ direction: "after", value: "Müller-Lüdenscheidt. O'Brien / 漢字", id: "c_9" }, "text"],
      [{ direction: "after", value: "", id: "c_9" }, "text"],
    ] as const;
    for (const [cursor, kind] of cases) expect(decodeKeyset(encodeKeyset(cursor), kind)).toEqual(cursor);
    const none = { direction: "before" as const, value: null, id: "c1" };
    expect(decodeKeyset(encodeKeyset(none), "text", true)).toEqual(none);
    expect(decodeKeyset(encodeKeyset(none), "text")).toBeNull();
  });

  it("refuse what the list did not write", () => {
    for (const bad of ["", "a.", "a..x", "c.~QQ.x", "a.~QQ.x'; DROP", "a.QQ.x", "a.~%%.x", "a.~_w.x"]) expect(decodeKeyset(bad, "text", true), bad).toBeNull();
    expect(decodeKeyset("a.2026-11-20T00:00:00.000Z.x", "integer")).toBeNull();
    expect(decodeKeyset("a.12.x", "date")).toBeNull();
  });
});
