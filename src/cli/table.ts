// A table as data, so the terminal and the HTML report show the same rows.

export interface Table {
  header: string[];
  rows: string[][];
}

/** Columns padded to their widest cell: the first left-aligned, the others right-aligned. */
export function renderTable(table: Table): string {
  const widths = table.header.map((h, i) => Math.max(h.length, ...table.rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(table.header), line(widths.map((w) => '-'.repeat(w))), ...table.rows.map(line)].join('\n') + '\n';
}
