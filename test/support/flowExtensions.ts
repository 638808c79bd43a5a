/** The app's Flow extensions as Shopify reads them: every extensions/*\/shopify.extension.toml, parsed. */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import toml from "toml";
import type { FlowTriggerDefinition } from "../../app/domain/flowTriggers";

interface ExtensionToml {
  extensions: { name: string; type: string; handle: string; description?: string; runtime_url?: string; url?: string }[];
  settings?: { fields?: { type: string; key?: string; description?: string; required?: boolean }[] };
}

export function readExtensionTomls(root = "extensions"): (ExtensionToml & { dir: string })[] {
  return readdirSync(root)
    .filter((dir) => existsSync(join(root, dir, "shopify.extension.toml")))
    .map((dir) => ({ dir, ...(toml.parse(readFileSync(join(root, dir, "shopify.extension.toml"), "utf8")) as ExtensionToml) }));
}

/** The flow_trigger extensions, in the shape of app/domain/flowTriggers.ts. */
export function declaredTriggers(root = "extensions"): FlowTriggerDefinition[] {
  return readExtensionTomls(root).filter((t) => t.extensions[0].type === "flow_trigger").map((t) => ({
    handle: t.extensions[0].handle, name: t.extensions[0].name, description: t.extensions[0].description ?? "",
    fields: (t.settings?.fields ?? []).map((f) => ({ type: f.type as FlowTriggerDefinition["fields"][number]["type"], ...(f.key ? { key: f.key } : {}), ...(f.description ? { description: f.description } : {}) })),
  }));
}
