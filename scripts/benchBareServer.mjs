/**
 * The bench's baseline: a bare node:http server doing the least a webhook needs (read the body,
 * check Shopify's HMAC, one insert into the same database kind), so the app's ingest figures can
 * be read as a ratio to what this machine can do at all. Usage: node scripts/benchBareServer.mjs
 * (DATABASE_URL, PORT, SHOPIFY_API_SECRET from the environment).
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const url = process.env.DATABASE_URL;
const secret = process.env.SHOPIFY_API_SECRET;
const SQL = 'INSERT INTO "WebhookDelivery" ("id","webhookId","shopDomain","topic","apiVersion","payload","status","attempts","receivedAt") VALUES ($1,$2,$3,$4,$5,$6,$7,0,$8)';

let insert;
if (url.startsWith("postgres")) {
  const { Pool } = require("pg");
  const pool = new Pool({ connectionString: url });
  insert = (values) => pool.query(SQL, values);
} else {
  const Database = require("better-sqlite3");
  const db = new Database(url.replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const statement = db.prepare(SQL.replace(/\$\d/g, "?"));
  insert = async (values) => statement.run(...values.map((v) => (v instanceof Date ? v.toISOString() : v)));
}

createServer(async (req, res) => {
  if (req.method !== "POST") {
    res.writeHead(405).end();
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    res.writeHead(401).end();
    return;
  }
  await insert([randomUUID(), String(req.headers["x-shopify-webhook-id"]), String(req.headers["x-shopify-shop-domain"]), String(req.headers["x-shopify-topic"]),
    String(req.headers["x-shopify-api-version"]), body.toString("utf8"), "queued", new Date()]);
  res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
}).listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
