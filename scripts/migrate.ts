/**
 * Applies the SQL migrations of the database named by DATABASE_URL (SQLite: prisma/migrations,
 * PostgreSQL: prisma/postgresql/migrations), each once, in name order, inside a transaction.
 * Prisma's own `migrate deploy` cannot introspect PostgreSQL through a driver adapter
 * (prisma/orm#27403), so one small runner serves both databases.
 */
import { readdirSync, readFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseKind, DEFAULT_DATABASE_URL } from "../app/db/adapter";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const kind = databaseKind(url);
const folder = path.join("prisma", kind === "postgresql" ? "postgresql/migrations" : "migrations");
const upTo = process.env.DUNLY_MIGRATE_UP_TO; // tests of the upgrade path stop at an older migration
const migrations = readdirSync(folder)
  .filter((name) => !upTo || name <= upTo)
  .filter((name) => existsSync(path.join(folder, name, "migration.sql")))
  .sort()
  .map((name) => ({ name, sql: readFileSync(path.join(folder, name, "migration.sql"), "utf8") }));

const TRACKING = `CREATE TABLE IF NOT EXISTS "_dunly_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`;

async function migrateSqlite(): Promise<string[]> {
  const file = url.replace(/^file:/, "");
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec(TRACKING);
  const done = new Set(db.prepare(`SELECT name FROM "_dunly_migrations"`).all().map((row: any) => row.name));
  const applied: string[] = [];
  // SQLite rebuilds a table to change it (create, copy, drop, rename). Foreign keys must be off
  // for that, and the switch only works outside a transaction: with them on, dropping the old
  // Shop table would cascade into every customer and receivable.
  db.pragma("foreign_keys = OFF");
  for (const migration of migrations.filter((m) => !done.has(m.name))) {
    db.transaction(() => {
      db.exec(migration.sql);
      const broken = db.pragma("foreign_key_check") as unknown[];
      if (broken.length) throw new Error(`${migration.name} leaves ${broken.length} broken foreign keys`);
      db.prepare(`INSERT INTO "_dunly_migrations" VALUES (?, ?)`).run(migration.name, new Date().toISOString());
    })();
    applied.push(migration.name);
  }
  db.pragma("foreign_keys = ON");
  db.close();
  return applied;
}

async function migratePostgres(): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(TRACKING);
    // one runner at a time when several app processes start together
    await client.query("SELECT pg_advisory_lock(72310001)");
    const done = new Set((await client.query(`SELECT name FROM "_dunly_migrations"`)).rows.map((row) => row.name));
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => !done.has(m.name))) {
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_dunly_migrations" VALUES ($1, $2)`, [migration.name, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(migration.name);
    }
    return applied;
  } finally {
    await client.end();
  }
}

const applied = kind === "postgresql" ? await migratePostgres() : await migrateSqlite();
console.log(`migrations (${kind}): ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
