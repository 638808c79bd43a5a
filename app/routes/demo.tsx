import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { demoCookie } from "../auth.server";
import { DEMO_SHOP_DOMAIN, isDemoMode } from "../config.server";
import { isLoopbackAddress } from "../http/remoteAddress";

/**
 * The demo login: only with DUNLY_DEMO=1 in a demo environment, and only for a request whose
 * socket comes from this machine (a Host header saying "localhost" proves nothing).
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const remoteAddress = (context as { remoteAddress?: string }).remoteAddress ?? "";
  if (!isDemoMode() || !isLoopbackAddress(remoteAddress)) {
    throw new Response("Not found", { status: 404 });
  }
  const url = new URL(request.url);
  const next = url.searchParams.get("next") ?? "/app";
  return redirect(next.startsWith("/app") ? next : "/app", {
    headers: { "Set-Cookie": await demoCookie.serialize(DEMO_SHOP_DOMAIN) },
  });
}
