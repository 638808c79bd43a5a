/**
 * Shopify's own schema of the Polaris web components a UI extension may use (the 2025-10 zod
 * schemas shipped in @shopify/dev-mcp): a rendered component tree is checked element by element,
 * the way the GraphQL documents are checked against the Admin schema. A misspelt tag, prop or
 * value fails a test instead of rendering nothing in Shopify.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { VNode } from "preact";
import type { ZodObject, ZodRawShape } from "zod";

const DIR = resolve("node_modules/@shopify/dev-mcp/dist/data/zod_schemas");
type SchemaModule = Record<string, ZodObject<ZodRawShape>> & { TAG_TO_TYPE_MAPPING: Record<string, string> };

/** HTML's global attributes, which the schemas list only where a component gives them a meaning of its own. */
const GLOBAL_ATTRIBUTES = new Set(["slot", "id"]);

/** Elements that only live inside another one (options of a select, items of a list): not in the schema's tag map. */
const CHILD_TAGS = new Set(["s-option", "s-list-item", "s-summary"]);

async function load(file: string): Promise<SchemaModule> {
  return (await import(pathToFileURL(`${DIR}/${file}`).href)) as SchemaModule;
}

export type Surface = "admin" | "customer-account";

/** The schema of every tag of a surface: customer accounts use checkout's components and their own. */
export async function surfaceSchemas(surface: Surface): Promise<Map<string, ZodObject<ZodRawShape>>> {
  const modules = surface === "admin"
    ? [await load("polaris-admin-extensions_2025-10.js")]
    : [await load("polaris-checkout-extensions_2025-10.js"), await load("polaris-customer-account-extensions_2025-10.js")];
  const schemas = new Map<string, ZodObject<ZodRawShape>>();
  for (const module of modules) {
    for (const [tag, type] of Object.entries(module.TAG_TO_TYPE_MAPPING)) schemas.set(tag, module[`${type}Schema`]);
  }
  return schemas;
}

/** Every problem of a component tree: unknown tags, unknown props, values the schema does not allow. */
export function componentProblems(node: unknown, schemas: Map<string, ZodObject<ZodRawShape>>): string[] {
  if (node === null || node === undefined || typeof node === "boolean" || typeof node === "string" || typeof node === "number") return [];
  if (Array.isArray(node)) return node.flatMap((child) => componentProblems(child, schemas));
  const vnode = node as VNode<Record<string, unknown>>;
  if (typeof vnode.type === "function") return componentProblems((vnode.type as (p: unknown) => unknown)(vnode.props), schemas);
  const { children, key: _key, ...props } = vnode.props ?? {};
  const problems = componentProblems(children, schemas);
  const tag = String(vnode.type);
  if (!tag.startsWith("s-")) return [...problems, `<${tag}> is not a Polaris web component`];
  if (CHILD_TAGS.has(tag)) return problems;
  const schema = schemas.get(tag);
  if (!schema) return [...problems, `<${tag}> is not a component of this surface`];
  // an event handler onClick is the schema's "click"
  const attributes = Object.fromEntries(Object.entries(props)
    .filter(([name]) => !GLOBAL_ATTRIBUTES.has(name) || name in schema.shape)
    .map(([name, value]) => [/^on[A-Z]/.test(name) ? name.slice(2).toLowerCase() : name, value]));
  // what a component requires is the TypeScript types' job (tsc checks the extensions); here: names and values
  const checked = schema.partial().strict().safeParse(attributes);
  if (!checked.success) problems.push(...checked.error.issues.map((issue) => `<${tag}> ${issue.path.join(".") || "props"}: ${issue.message}`));
  return problems;
}
