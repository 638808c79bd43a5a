import { describe, expect, it } from "vitest";
import { textColumns } from "../support/schemaColumns";
import { eraseDetail, ERASED, NOT_PERSONAL, PERSONAL_DATA } from "../../app/services/ingest/personalData";

describe("where personal data lives", () => {
  it("every text column of the schema is either listed as personal data or said not to be", () => {
    const unplaced: string[] = [];
    const models = textColumns();
    expect(models.size).toBeGreaterThan(14);
    expect(models.get("Customer")).toContain("email");
    for (const [model, columns] of models) {
      for (const column of columns) {
        const personal = PERSONAL_DATA[model]?.columns.includes(column);
        const neutral = NOT_PERSONAL[model]?.[column] !== undefined;
        if (personal === neutral) unplaced.push(`${model}.${column}${personal ? " (listed twice)" : ""}`);
      }
    }
    expect(unplaced).toEqual([]);
  });

  it("names only columns that exist", () => {
    const models = textColumns();
    for (const [model, entry] of Object.entries(PERSONAL_DATA)) {
      for (const column of entry.columns) expect(models.get(model), `${model}.${column}`).toContain(column);
    }
    for (const [model, columns] of Object.entries(NOT_PERSONAL)) {
      for (const column of Object.keys(columns)) expect(models.get(model), `${model}.${column}`).toContain(column);
    }
  });

  it("a timeline entry keeps its codes and amounts and loses every other value", () => {
    const detail = JSON.stringify({ stepKey: "reminder_1", channel: "email", status: "sent", to: "jan@example.nl", subject: "Herinnering", note: "called Jan", outstandingDeltaMinor: -500 });
    expect(JSON.parse(eraseDetail(detail))).toEqual({ stepKey: "reminder_1", channel: "email", status: "sent", to: ERASED, subject: ERASED, note: ERASED, outstandingDeltaMinor: -500 });
  });
});
