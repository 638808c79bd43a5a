import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/** What any screen shows when something fails: the status and what the server said, nothing internal. */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : "Something went wrong. Please try again.";
  return (
    <html lang="en">
      <head><meta charSet="utf-8" /><title>{`Dunly: ${status}`}</title><Meta /><Links /></head>
      <body style={{ fontFamily: "system-ui", maxWidth: 560, margin: "10vh auto", padding: "0 16px" }}>
        <h1 style={{ fontSize: 22 }}>{status === 404 ? "Not found" : status === 400 ? "This request could not be handled" : "Something went wrong"}</h1>
        <p role="alert">{message}</p>
        <p><a href="/app">Back to the dashboard</a></p>
        <Scripts />
      </body>
    </html>
  );
}
