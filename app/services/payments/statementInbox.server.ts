/**
 * A watched folder for automation: a bank's SFTP drop, or a script, puts statement files in
 * $DUNLY_STATEMENT_INBOX/<shop>.myshopify.com/. Each file is imported once and moved to done/
 * (or to rejected/ with a .error.txt saying which line or element is wrong).
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import db from "../../db.server";
import { StatementFormatError } from "../../domain/bank/statement";
import { deskShop, importStatement } from "./paymentsDesk.server";

const MAX_FILE_BYTES = 32 * 1024 * 1024;
let scanning = false;

async function moveTo(folder: string, file: string, stamp: string): Promise<string> {
  await mkdir(path.join(path.dirname(file), folder), { recursive: true });
  const target = path.join(path.dirname(file), folder, `${stamp}-${path.basename(file)}`);
  await rename(file, target);
  return target;
}

export async function importInboxFile(shopId: string, file: string, now: Date): Promise<"done" | "rejected"> {
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  try {
    if ((await stat(file)).size > MAX_FILE_BYTES) throw new StatementFormatError(path.basename(file), `larger than ${MAX_FILE_BYTES} bytes`);
    await importStatement(await deskShop(shopId), await readFile(file, "utf8"), path.basename(file), now);
    await moveTo("done", file, stamp);
    return "done";
  } catch (error) {
    if (!(error instanceof StatementFormatError)) throw error;
    const target = await moveTo("rejected", file, stamp);
    await writeFile(`${target}.error.txt`, `${error.message}\n`);
    return "rejected";
  }
}

/** One pass over the inbox: every installed shop's folder, files in name order. */
export async function scanStatementInbox(now: Date, root = process.env.DUNLY_STATEMENT_INBOX): Promise<void> {
  if (!root || scanning) return;
  scanning = true;
  try {
    const folders = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const folder of folders) {
      if (!folder.isDirectory()) continue;
      const shop = await db.shop.findUnique({ where: { domain: folder.name }, select: { id: true, uninstalledAt: true } });
      if (!shop || shop.uninstalledAt) continue;
      const files = (await readdir(path.join(root, folder.name), { withFileTypes: true })).filter((f) => f.isFile() && !f.name.startsWith(".")).map((f) => f.name).sort();
      for (const name of files) await importInboxFile(shop.id, path.join(root, folder.name, name), now);
    }
  } finally {
    scanning = false;
  }
}
