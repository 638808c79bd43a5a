import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { demoCookie } from "../auth.server";
import { DEMO_SHOP_DOMAIN, isDemoMode } from "../config.server";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The demo login: only with DUNLY_DEMO=1, never in production, only on this machine. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (!isDemoMode() || !LOCAL_HOSTS.has(url.hostname)) {
    throw new Response("Not found", { status: 404 });
  }
  const next = url.searchParams.get("next") ?? "/app";
  return redirect(next.startsWith("/app") ? next : "/app", {
    headers: { "Set-Cookie": await demoCookie.serialize(DEMO_SHOP_DOMAIN) },
  });
}
