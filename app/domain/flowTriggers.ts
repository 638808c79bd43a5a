/**
 * The Shopify Flow triggers the app offers (extensions/flow-trigger-*): what each one carries.
 * The extension tomls declare the same fields (a test holds them to this list) and Flow refuses a
 * payload that does not match its declaration, so a payload is checked here before it is queued.
 */

/** Flow's field types used here; a reference field arrives in the payload as `order_id` / `customer_id`. */
export type FlowFieldType = "order_reference" | "customer_reference" | "single_line_text_field" | "number_decimal";

export interface FlowTriggerField {
  type: FlowFieldType;
  /** custom fields only: letters and spaces, as Flow requires */
  key?: string;
  description?: string;
}

export interface FlowTriggerDefinition {
  handle: string;
  name: string;
  description: string;
  fields: FlowTriggerField[];
}

const order: FlowTriggerField = { type: "order_reference" };
const customer: FlowTriggerField = { type: "customer_reference" };
const text = (key: string, description: string): FlowTriggerField => ({ type: "single_line_text_field", key, description });
const amount: FlowTriggerField = { type: "number_decimal", key: "Amount outstanding", description: "What is still owed on the order, in the shop's currency" };
const currency = text("Currency", "The shop's currency code, as EUR");

export const FLOW_TRIGGERS = [
  {
    handle: "receivable-overdue", name: "Invoice became overdue",
    description: "An unpaid order on credit passed its due date.",
    fields: [order, customer, amount, currency, text("Due date", "The due date that passed, as 2026-12-31")],
  },
  {
    handle: "reminder-step-sent", name: "Payment reminder sent",
    description: "A step of the order's reminder flow went out (email, SMS, WhatsApp, letter or a call task).",
    fields: [order, customer, text("Step", "The step's key in the reminder flow, as reminder_1"), text("Purpose", "pre_due, reminder, final_notice or hand_over"), text("Channel", "email, sms, whatsapp, letter or task"), amount, currency],
  },
  {
    handle: "final-notice-sent", name: "Final notice sent",
    description: "The last warning before the order is handed over went out.",
    fields: [order, customer, text("Channel", "email, sms, whatsapp, letter or task"), amount, currency],
  },
  {
    handle: "promise-broken", name: "Promise to pay broken",
    description: "The customer promised to pay by a date and did not; reminders resume.",
    fields: [order, customer, text("Promised date", "The date the customer promised, as 2026-12-31"), amount, currency],
  },
  {
    handle: "arrangement-broken", name: "Payment arrangement broken",
    description: "An instalment of a payment arrangement was missed; the arrangement ended and reminders resume.",
    fields: [order, customer, { type: "number_decimal", key: "Missed instalment", description: "The number of the missed instalment" }, amount, currency],
  },
  {
    handle: "dispute-opened", name: "Invoice dispute opened",
    description: "A customer, staff or Shopify Payments opened a dispute on an order; its reminders stand still.",
    fields: [order, customer, text("Reason", "The dispute's reason code, as not_received"), text("Source", "customer, staff or shopify"), text("Answer by", "When the dispute must be answered, as an ISO time")],
  },
  {
    handle: "dispute-past-answer-by", name: "Dispute past its answer by time",
    description: "An open dispute was not answered in time.",
    fields: [order, customer, text("Reason", "The dispute's reason code, as not_received"), text("Answer by", "When the dispute had to be answered, as an ISO time")],
  },
  {
    handle: "customer-risk-changed", name: "Customer risk level changed",
    description: "A customer's payment risk moved between low, medium and high.",
    fields: [customer, text("Risk level", "low, medium or high"), text("Previous risk level", "low, medium or high"), text("Reasons", "Why, as the app shows it")],
  },
  {
    handle: "order-handed-over", name: "Order handed over for collection",
    description: "Follow-up of an order ended with a hand-over to a collection agency.",
    fields: [order, customer, amount, currency],
  },
] as const satisfies readonly FlowTriggerDefinition[];

export type FlowTriggerHandle = (typeof FLOW_TRIGGERS)[number]["handle"];

export function flowTrigger(handle: string): FlowTriggerDefinition | null {
  return FLOW_TRIGGERS.find((t) => t.handle === handle) ?? null;
}

/** The payload key a field fills: Flow's fixed name for a reference, else the field's own key. */
export function payloadKey(field: FlowTriggerField): string {
  if (field.type === "order_reference") return "order_id";
  if (field.type === "customer_reference") return "customer_id";
  return field.key!;
}

/** A Shopify id as Flow wants it: a bare positive integer (a bigint beyond 2^53). */
function isNumericId(value: unknown): boolean {
  return (Number.isSafeInteger(value) && (value as number) > 0) || (typeof value === "bigint" && value > 0n);
}

/** Flow's limit on a trigger payload. */
export const MAX_PAYLOAD_BYTES = 50_000;

/** What is wrong with a payload for `definition`: every declared field present with its type, nothing else. */
export function triggerPayloadProblems(definition: FlowTriggerDefinition, payload: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const keys = new Set(definition.fields.map(payloadKey));
  for (const key of Object.keys(payload)) if (!keys.has(key)) problems.push(`${key} is not a field of ${definition.handle}`);
  for (const field of definition.fields) {
    const key = payloadKey(field);
    const value = payload[key];
    if (value === undefined || value === null) problems.push(`${key} is missing`);
    else if (field.type.endsWith("_reference") && !isNumericId(value)) problems.push(`${key} must be a numeric id`);
    else if (field.type === "number_decimal" && !(typeof value === "number" && Number.isFinite(value))) problems.push(`${key} must be a number`);
    else if (field.type === "single_line_text_field" && (typeof value !== "string" || /[\r\n]/.test(value) || value.length > 255)) {
      problems.push(`${key} must be one line of text`);
    }
  }
  // a bigint counts as its digits (quoted here, two bytes more than on the wire)
  const size = new TextEncoder().encode(JSON.stringify(payload, (_key, v) => (typeof v === "bigint" ? String(v) : v))).length;
  if (size >= MAX_PAYLOAD_BYTES) problems.push(`the payload is ${MAX_PAYLOAD_BYTES} bytes or more`);
  return problems;
}
