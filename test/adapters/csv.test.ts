import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { toCsv } from "../../app/adapters/csv";

const ATTACKS = ["Acme BV;=1+2;@SUM(9)|cmd", "=HYPERLINK(\"http://evil\")", "+31 6 1234 5678", "-5", "@SUM(1)", "\t=1", "\r=1", "＝1+1", 'say "hi", then; go\nnext line'];

describe("CSV for spreadsheets", () => {
  it("quotes every field and doubles quotes (RFC 4180, CRLF)", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"'], [12, null]])).toBe('"a","b"\r\n"x,y","say ""hi"""\r\n"12",\r\n');
  });

  for (const delimiter of [",", ";"]) {
    it(`read with "${delimiter}" as separator, no cell starts with a formula character and every value stays whole`, () => {
      const csv = toCsv(["name", "phone"], ATTACKS.map((text) => [text, "+31 20 123 4567"]));
      // a semicolon locale reads a quoted field as one cell; a comma is the delimiter we wrote
      const cells: string[][] = parse(csv.replace(/","/g, `"${delimiter}"`).replace(/",(\r\n)/g, `"${delimiter}$1`), { delimiter, relax_quotes: false });
      expect(cells).toHaveLength(ATTACKS.length + 1);
      for (const row of cells) {
        expect(row).toHaveLength(2);
        for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r＝＋－＠]/);
      }
      expect(cells.slice(1).map((row) => row[0].replace(/^'/, ""))).toEqual(ATTACKS);
    });
  }

  it("a name with semicolons stays one cell when a semicolon locale splits the raw line on ';'", () => {
    const csv = toCsv(["name"], [["Acme BV;=1+2;@SUM(9)|cmd"]]);
    const cells: string[][] = parse(csv, { delimiter: ";" });
    expect(cells[1]).toEqual(["Acme BV;=1+2;@SUM(9)|cmd"]);
  });
});
