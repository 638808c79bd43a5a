import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isDemoMode } from "../config.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) return redirect(`/app?${url.searchParams.toString()}`);
  return redirect(isDemoMode() ? "/demo" : "/auth/login");
}
