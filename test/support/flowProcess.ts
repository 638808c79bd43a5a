/**
 * One pass of the worker's Flow trigger job in a process of its own (DUNLY_FLOW_AT): record newly
 * overdue invoices, send what is queued to the Admin API at FAKE_ADMIN_ORIGIN. Two of these at once
 * must send every trigger once.
 */
import { createDb } from "../../app/db/client";
import { createAdminClient } from "../../app/adapters/shopify/graphql/client";
import { recordNewlyOverdue } from "../../app/services/automation/flowEvents";
import { sendFlowEvents } from "../../app/services/automation/flowEventSender";

const at = new Date(process.env.DUNLY_FLOW_AT!);
const db = createDb(process.env.DATABASE_URL);
const adminOf = async (shop: string) => createAdminClient({ shop, accessToken: process.env.FAKE_ADMIN_TOKEN!, apiVersion: "2025-10", origin: process.env.FAKE_ADMIN_ORIGIN, maxAttempts: 1 });
const recorded = await recordNewlyOverdue(db, at);
const sent = await sendFlowEvents(db, adminOf, at, 500);
console.log(JSON.stringify({ recorded, ...sent }));
await db.$disconnect();
