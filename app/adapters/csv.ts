/**
 * CSV files for people who open them in a spreadsheet (csv-stringify writes RFC 4180). Every field
 * is quoted, so a ";" inside a name cannot split the cell in Dutch, German or French Excel, where ";"
 * separates fields; a text cell that starts like a formula gets an apostrophe in front, so no cell
 * runs as one. Machines should read the JSON export of the same table: it has the data as is.
 */
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | null;
export type CsvRow = readonly CsvCell[];

/** What makes a spreadsheet read a cell as a formula (also the full-width forms some apps accept). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

function defused(cell: CsvCell): CsvCell {
  return typeof cell === "string" && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function toCsv(header: readonly string[], rows: readonly CsvRow[]): string {
  return stringify([header, ...rows.map((row) => row.map(defused))], { quoted: true, record_delimiter: "\r\n", cast: { number: String } });
}
