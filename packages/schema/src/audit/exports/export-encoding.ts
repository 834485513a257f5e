import { stringify } from "csv-stringify/sync";
import type { ExportFormat } from "../../generated/prisma/enums.ts";

/** How one kind of row becomes a CSV record and a JSON object. */
export interface ExportTable<Row> {
  columns: readonly string[];
  /** One cell per column: plain strings (CSV has no types). */
  cells(row: Row): Array<string | null>;
  json(row: Row): Record<string, unknown>;
}

/** Writes a file in parts: the header, then one part per page of rows, then the footer. */
export interface ExportEncoder<Row> {
  header(): string;
  /** `written` = rows already written before this page (JSON needs it for the separators). */
  page(rows: readonly Row[], written: number): string;
  footer(total: number): string;
}

// Spreadsheets run cells that start with these as formulas (CSV injection): such text cells get a
// leading apostrophe, which spreadsheets hide. JSON exports keep values exactly as stored.
const formulaStart = new Set(["=", "+", "-", "@", "\t", "\r"]);

export function neutraliseFormula(cell: string): string {
  return formulaStart.has(cell.charAt(0)) ? `'${cell}` : cell;
}

const csvOptions = {
  // RFC 4180 line breaks; fields holding a line break of either kind are quoted too.
  record_delimiter: "\r\n",
  quoted_match: /[\r\n]/,
} as const;

export function createEncoder<Row>(format: ExportFormat, table: ExportTable<Row>): ExportEncoder<Row> {
  if (format === "CSV") {
    return {
      header: () => stringify([[...table.columns]], csvOptions),
      page: (rows) =>
        stringify(
          rows.map((row) => table.cells(row).map((cell) => (cell === null ? "" : neutraliseFormula(cell)))),
          csvOptions,
        ),
      footer: () => "",
    };
  }
  return {
    // One JSON array, one row per line.
    header: () => "[",
    page: (rows, written) =>
      rows
        .map((row, index) => `${written + index === 0 ? "\n" : ",\n"}${JSON.stringify(table.json(row))}`)
        .join(""),
    footer: (total) => (total === 0 ? "]\n" : "\n]\n"),
  };
}
