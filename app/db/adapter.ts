import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseKind = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/dunly.sqlite";

/** SQLite is the embedded default; a postgres:// URL switches to PostgreSQL. */
export function databaseKind(url: string | undefined): DatabaseKind {
  return /^postgres(ql)?:\/\//.test(url ?? "") ? "postgresql" : "sqlite";
}

export function createAdapter(url: string | undefined) {
  const resolved = url || DEFAULT_DATABASE_URL;
  if (databaseKind(resolved) === "postgresql") return new PrismaPg({ connectionString: resolved });
  return new PrismaBetterSQLite3({ url: resolved.replace(/^file:/, "") });
}
