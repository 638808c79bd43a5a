import { createDb, type Db } from "./db/client";

declare global {
  // one client per process, also across Remix dev reloads
  var __dunlyDb: Db | undefined;
}

const db: Db = globalThis.__dunlyDb ?? (globalThis.__dunlyDb = createDb());

export default db;
