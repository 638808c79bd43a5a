import { readFileSync } from "node:fs";

/** Every text column of every model in prisma/schema.prisma: model -> columns. */
export function textColumns(): Map<string, string[]> {
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  const models = new Map<string, string[]>();
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    models.set(model, [...body.matchAll(/^\s+(\w+)\s+String\??(\s|$)/gm)].map((m) => m[1]));
  }
  return models;
}
