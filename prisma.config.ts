import path from "node:path";
import { defineConfig } from "prisma/config";
import { createAdapter, databaseKind } from "./app/db/adapter";

const kind = databaseKind(process.env.DATABASE_URL);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", kind === "postgresql" ? "postgresql/schema.prisma" : "schema.prisma"),
  migrations: { path: path.join("prisma", kind === "postgresql" ? "postgresql/migrations" : "migrations") },
  adapter: async () => createAdapter(process.env.DATABASE_URL).adapter,
});
