import type { ActionFunctionArgs } from "@remix-run/node";
import { clock } from "../clock.server";
import { readForm } from "../http/readForm.server";
import { shopIdFromWebhookToken, takeMollieCall } from "../services/payments/mollieDesk.server";

/**
 * Mollie's payment webhook: a form post with the payment's id, nothing else. What counts is the
 * payment as Mollie's API then shows it. Answered 200 once handled (Mollie retries otherwise).
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const shopId = shopIdFromWebhookToken(params.token ?? "");
  if (!shopId) return Response.json({ ok: false, error: "unknown webhook address" }, { status: 404 });
  const id = String((await readForm(request, 4096)).get("id") ?? "");
  if (!/^tr_[A-Za-z0-9]{5,40}$/.test(id)) return Response.json({ ok: false, error: "expected id=tr_..." }, { status: 400 });
  try {
    return Response.json({ ok: true, result: await takeMollieCall(shopId, id, clock()) });
  } catch (error) {
    console.error(`Mollie webhook ${id}:`, (error as Error).message);
    return Response.json({ ok: false, error: "Mollie could not be asked about this payment; try again" }, { status: 503 });
  }
}

export function loader() {
  return new Response("Method Not Allowed", { status: 405 });
}
