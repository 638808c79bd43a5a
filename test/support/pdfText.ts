/**
 * The text drawn on each page of a PDF that pdf-lib wrote: its content streams inflated and the
 * hex strings of the text operators decoded (standard fonts, WinAnsi: one byte a character).
 */
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFRef } from "pdf-lib";

const windows1252 = new TextDecoder("windows-1252");

export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.get(PDFName.of("Contents"));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    return refs.map((ref) => {
      const stream = pdf.context.lookup(ref as PDFRef) as PDFRawStream;
      const filter = stream.dict.get(PDFName.of("Filter"));
      const raw = filter ? inflateSync(stream.contents) : Buffer.from(stream.contents);
      return [...raw.toString("latin1").matchAll(/<([0-9A-Fa-f]*)> Tj/g)].map((m) => windows1252.decode(Buffer.from(m[1], "hex"))).join("\n");
    }).join("\n");
  });
}
