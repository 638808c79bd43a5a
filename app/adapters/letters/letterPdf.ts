/**
 * A reminder letter as a printable A4 PDF: sender, the recipient's address placed for a window
 * envelope (DIN 5008 / NEN 1026 window on the left), place and date, subject, the reminder text
 * and the payment link. Standard PDF fonts (no font files to ship); characters they cannot
 * show are replaced rather than dropping the letter.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";

export interface LetterContent {
  sender: { name: string; lines: string[] };
  recipient: { lines: string[] };
  /** "Utrecht, 23 November 2026" or just the date */
  dateLine: string;
  subject: string;
  body: string;
  payUrl: string | null;
  /** "Page {page} of {pages}" in the letter's language */
  pageLabel: (page: number, pages: number) => string;
}

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const MARGIN = { left: 25 * MM, right: 20 * MM, top: 20 * MM, bottom: 25 * MM };
const WINDOW_TOP = 45 * MM + 17.7 * MM; // address field of a DIN 5008 form B letter, below its return-address zone
const BODY_SIZE = 10.5;
const LEADING = 14.5;

/** Keeps what the font's WinAnsi encoding can show; anything else becomes "?". */
function printable(font: PDFFont, text: string): string {
  return [...text.replace(/\t/g, "    ").replace(/\r\n?/g, "\n")].map((char) => {
    if (char === "\n") return char; // line breaks are layout, wrap() reads them
    try {
      font.encodeText(char);
      return char;
    } catch {
      return "?";
    }
  }).join("");
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(candidate, size) <= width || !line) {
        line = candidate;
      } else {
        lines.push(line);
        line = word;
      }
      // a single word wider than the line (a long URL) is broken by characters
      while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

export async function renderLetterPdf(letter: LetterContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(letter.subject);
  pdf.setAuthor(letter.sender.name);
  pdf.setCreator("Dunly");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const width = A4.width - MARGIN.left - MARGIN.right;

  let page: PDFPage = pdf.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN.top;
  const draw = (value: string, font = regular, size = BODY_SIZE, x = MARGIN.left) => {
    page.drawText(printable(font, value), { x, y, size, font, color: rgb(0.1, 0.1, 0.1) });
    y -= size === BODY_SIZE ? LEADING : size * 1.4;
  };

  draw(letter.sender.name, bold, 13);
  for (const line of letter.sender.lines) draw(line, regular, 9);
  y = A4.height - WINDOW_TOP;
  for (const line of letter.recipient.lines) draw(line);
  y -= 2 * LEADING;
  draw(letter.dateLine);
  y -= LEADING;
  for (const line of wrap(bold, printable(bold, letter.subject), 12, width)) draw(line, bold, 12);
  y -= LEADING / 2;
  const body = letter.payUrl && !letter.body.includes(letter.payUrl) ? `${letter.body}\n\n${letter.payUrl}` : letter.body;
  for (const line of wrap(regular, printable(regular, body), BODY_SIZE, width)) {
    if (y < MARGIN.bottom + LEADING) {
      page = pdf.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN.top;
    }
    draw(line);
  }
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    const label = printable(regular, letter.pageLabel(i + 1, pages.length));
    p.drawText(label, { x: A4.width - MARGIN.right - regular.widthOfTextAtSize(label, 8), y: MARGIN.bottom / 2, size: 8, font: regular, color: rgb(0.4, 0.4, 0.4) });
  });
  return pdf.save();
}
