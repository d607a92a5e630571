/**
 * The reference results of the datasets README (`## Reference results`): its "Accuracy" table and its
 * "Seconds" table, read from the file so that the bench follows the README when it changes.
 */
export interface ReferenceTables {
  /** dataset → column (MV, Wawa, DS, …) → value. */
  accuracy: Map<string, Map<string, number>>;
  seconds: Map<string, Map<string, number>>;
}

export function parseReferenceTables(markdown: string): ReferenceTables {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Reference results'));
  if (!section) throw new Error('datasets README: no "## Reference results" section');
  const tables = markdownTables(section);
  const find = (caption: RegExp) => {
    const table = tables.find((t) => caption.test(t.caption));
    if (!table) throw new Error(`datasets README: no table under a line matching ${caption}`);
    return table.rows;
  };
  return { accuracy: find(/^accuracy/i), seconds: find(/^seconds/i) };
}

/** Each pipe table with the last non-blank line above it as its caption; rows keyed by the first cell. */
function markdownTables(text: string): { caption: string; rows: Map<string, Map<string, number>> }[] {
  const lines = text.split('\n');
  const tables = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isRow(lines[i]) || isRow(lines[i - 1])) continue;
    const header = cells(lines[i] as string);
    const rows = new Map<string, Map<string, number>>();
    let j = i + 2; // skip the |---| line
    for (; j < lines.length && isRow(lines[j]); j++) {
      const [key, ...values] = cells(lines[j] as string);
      const row = new Map<string, number>();
      values.forEach((v, k) => {
        const n = Number(v.replace(/,/g, ''));
        if (Number.isFinite(n)) row.set(header[k + 1] as string, n);
      });
      rows.set(key as string, row);
    }
    const caption = lines.slice(0, i).reverse().find((l) => l.trim() !== '') ?? '';
    tables.push({ caption: caption.trim(), rows });
    i = j;
  }
  return tables;
}

const isRow = (line: string | undefined): boolean => line !== undefined && line.trim().startsWith('|');
const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
