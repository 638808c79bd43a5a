import type { IncomingMessage } from "node:http";

/**
 * Reads a request body while counting its bytes, and stops at the limit: a chunked body carries no
 * Content-Length, so checking the header alone let one unsigned request fill the memory.
 */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`body too large (more than ${maxBytes} bytes)`);
  }
}

/** Answers a body that is too large. */
export function tooLarge(error: string): Response {
  return Response.json({ ok: false, error }, { status: 413 });
}

/** Past this, a sender that goes on after its 413 is cut off. */
const DISCARD_AT_MOST = 64 * 1024 * 1024;

/**
 * Reads the rest of a refused body without keeping it, so the 413 reaches a client that is still
 * sending (closing the socket at once would reset the connection before it reads the answer),
 * and cuts off a sender that goes on and on.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let discarded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
      if (discarded > DISCARD_AT_MOST) return void (await reader.cancel());
    }
  } catch {
    // the client went away
  }
}

export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw new BodyTooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      void discardRest(reader);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same, for Node's own request (the webhook path that runs before Remix). */
export function readNodeBodyBytes(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers["content-length"] ?? 0) > maxBytes) return reject(new BodyTooLarge(maxBytes));
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      request.off("data", onData);
      discardRestOf(request);
      reject(new BodyTooLarge(maxBytes));
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks, size)));
    request.once("error", reject);
  });
}

function discardRestOf(request: IncomingMessage): void {
  let discarded = 0;
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.byteLength;
    if (discarded > DISCARD_AT_MOST) request.destroy();
  });
}
