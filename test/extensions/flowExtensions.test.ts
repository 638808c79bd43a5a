/**
 * The Flow extensions as Shopify reads them: every trigger toml declares exactly the fields the
 * app sends (app/domain/flowTriggers.ts), with keys Flow accepts; the lifecycle callback points at
 * the app's endpoint; payloads are checked against a declaration before they are queued.
 */
import { describe, expect, it } from "vitest";
import { FLOW_TRIGGERS, triggerPayloadProblems, type FlowTriggerDefinition } from "../../app/domain/flowTriggers";
import { declaredTriggers, readExtensionTomls } from "../support/flowExtensions";

describe("Flow trigger extensions", () => {
  it("declare exactly the triggers and fields the app sends, in the same order", () => {
    const byHandle = (list: readonly FlowTriggerDefinition[]) => [...list].sort((a, b) => a.handle.localeCompare(b.handle));
    expect(byHandle(declaredTriggers())).toEqual(byHandle(FLOW_TRIGGERS));
  });

  it("follow Flow's rules: handles of at most 30 letters, digits and hyphens, unique; custom keys letters and spaces, unique per trigger", () => {
    const handles = FLOW_TRIGGERS.map((t) => t.handle);
    expect(new Set(handles).size).toBe(handles.length);
    for (const trigger of FLOW_TRIGGERS) {
      expect(trigger.handle).toMatch(/^[a-z0-9-]{1,30}$/);
      expect(trigger.name).not.toMatch(/[.!?,;:]/);
      const keys = trigger.fields.flatMap((f) => ("key" in f ? [f.key] : []));
      for (const key of keys) expect(key).toMatch(/^[A-Za-z ]+$/);
      expect(new Set(keys).size).toBe(keys.length);
      // a custom field always follows the references: the erasure finds a customer's payloads by `"customer_id":<id>,`
      expect(trigger.fields.at(-1)!.type).not.toMatch(/_reference$/);
    }
  });

  it("the lifecycle callback is one extension that points at /flow/lifecycle", () => {
    const callbacks = readExtensionTomls().filter((t) => t.extensions[0].type === "flow_trigger_lifecycle_callback");
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0].extensions[0].url).toMatch(/^https:\/\/[^/]+\/flow\/lifecycle$/);
  });

  it("a payload must carry every declared field with its type and nothing else", () => {
    const overdue = FLOW_TRIGGERS.find((t) => t.handle === "receivable-overdue")!;
    const good = { order_id: 1001, customer_id: 9_007_199_254_740_995n, "Amount outstanding": 80.5, Currency: "EUR", "Due date": "2026-11-20" };
    expect(triggerPayloadProblems(overdue, good)).toEqual([]);
    expect(triggerPayloadProblems(overdue, { ...good, order_id: "1001" })).toEqual(["order_id must be a numeric id"]);
    expect(triggerPayloadProblems(overdue, { ...good, "Amount outstanding": "80.50" })).toEqual(["Amount outstanding must be a number"]);
    expect(triggerPayloadProblems(overdue, { ...good, Currency: "EUR\nUSD" })).toEqual(["Currency must be one line of text"]);
    const { "Due date": _dropped, ...missing } = good;
    expect(triggerPayloadProblems(overdue, missing)).toEqual(["Due date is missing"]);
    expect(triggerPayloadProblems(overdue, { ...good, email: "a@b.c" })).toEqual(["email is not a field of receivable-overdue"]);
  });
});
