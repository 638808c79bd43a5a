import { describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { renderLetterPdf, type LetterContent } from "../../app/adapters/letters/letterPdf";
import { pdfPagesText } from "../support/pdfText";

const letter: LetterContent = {
  sender: { name: "Fietsen & Zo", lines: ["debiteuren@fietsen-en-zo.example"] },
  recipient: { lines: ["Chloé Müller", "Hoofdstraat 12", "3511 AB  Utrecht", "NL"] },
  dateLine: "23 november 2026",
  subject: "Laatste herinnering: bestelling #1042",
  body: "Beste Chloé,\n\nWij hebben uw betaling van € 120,00 nog niet ontvangen.",
  payUrl: "https://fietsen-en-zo.example/pay/1042?key=" + "x".repeat(160),
  pageLabel: (page, pages) => `Pagina ${page} van ${pages}`,
};

describe("reminder letters as PDF", () => {
  it("an A4 letter with sender, window address, date, subject, text and the payment link", async () => {
    const bytes = await renderLetterPdf(letter);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe("%PDF-");
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getPage(0).getSize()).toEqual({ width: expect.closeTo(595.28, 1), height: expect.closeTo(841.89, 1) });
    expect(pdf.getTitle()).toBe(letter.subject);
    const [text] = await pdfPagesText(bytes);
    for (const line of ["Fietsen & Zo", "Chloé Müller", "3511 AB  Utrecht", "23 november 2026", "Laatste herinnering: bestelling #1042", "Wij hebben uw betaling van € 120,00 nog niet ontvangen.", "Pagina 1 van 1"]) {
      expect(text).toContain(line);
    }
    // the long link is broken over lines, nothing of it lost
    expect(text.split("\n").join("")).toContain(letter.payUrl);
  });

  it("a long text runs onto more pages, each numbered; characters the font lacks become '?' instead of failing", async () => {
    const body = Array.from({ length: 120 }, (_, i) => `Regel ${i + 1} van de brief aan Łukasz uit Łódź.`).join("\n");
    const bytes = await renderLetterPdf({ ...letter, body, recipient: { lines: ["Łukasz Wiśniewski", "ul. Piotrkowska 1", "90-001 Łódź", "PL"] } });
    const pages = await pdfPagesText(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.at(-1)).toContain(`Pagina ${pages.length} van ${pages.length}`);
    expect(pages.join("\n")).toContain("Regel 120 van de brief aan ?ukasz uit ?ód?.");
    expect(pages[0]).toContain("?ukasz Wi?niewski");
  });
});
