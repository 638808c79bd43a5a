/** Shopify's Admin GraphQL schema for the API version the app calls (introspection JSON shipped in @shopify/dev-mcp@1.4.1). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, parse, validate, type GraphQLSchema } from "graphql";

export const ADMIN_SCHEMA_VERSION = "2025-10";
let schema: GraphQLSchema | null = null;

export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const root = path.dirname(createRequire(import.meta.url).resolve("@shopify/dev-mcp/package.json"));
    const file = path.join(root, "dist", "data", `admin_${ADMIN_SCHEMA_VERSION}.json.gz`);
    const introspection = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
    schema = buildClientSchema(introspection.data ?? introspection);
  }
  return schema;
}

/** The messages Shopify would answer for an invalid document; empty when it is valid. */
export function validateAdminQuery(query: string): string[] {
  try {
    return validate(adminSchema(), parse(query)).map((error) => error.message);
  } catch (error) {
    return [(error as Error).message];
  }
}
