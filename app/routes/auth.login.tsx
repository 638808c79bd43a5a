import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { login } from "../shopify.server";

/** Shopify's login: the merchant names the shop, Shopify's OAuth takes over. */
export async function loader({ request }: LoaderFunctionArgs) {
  const errors = await login(request);
  return Response.json({ errors });
}

export async function action({ request }: ActionFunctionArgs) {
  const errors = await login(request);
  return Response.json({ errors });
}

export default function Login() {
  const loaded = useLoaderData<{ errors?: { shop?: string } }>();
  const acted = useActionData<{ errors?: { shop?: string } }>();
  const error = (acted ?? loaded)?.errors?.shop;
  return (
    <main style={{ fontFamily: "system-ui", maxWidth: 420, margin: "10vh auto" }}>
      <h1>Log in to Dunly</h1>
      <Form method="post">
        <label>
          Shop domain <input name="shop" placeholder="example.myshopify.com" />
        </label>
        {error ? <p role="alert">{error}</p> : null}
        <button type="submit">Log in</button>
      </Form>
    </main>
  );
}
