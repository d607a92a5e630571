/**
 * A streaming CSV parser (RFC 4180: comma-separated, `"`-quoted fields with `""` for a quote, CRLF or LF
 * line ends). Feed it text in chunks of any size, quotes and line ends may straddle chunks; each complete
 * row goes to `onRow`. Blank lines are skipped.
 *
 * @example
 * const parser = new CsvParser((fields) => rows.push(fields));
 * parser.push('task,worker,label\nt1,"a, b",x\n');
 * parser.end();
 */
export class CsvParser {
  private fields: string[] = [];
  private field = '';
  private quoted = false;
  /** Just closed a quote: a second `"` now is an escaped quote. */
  private afterQuote = false;
  /** The row has started (a field, a comma or a quote was seen), so a line end emits it. */
  private inRow = false;
  private line = 1;
  private readonly onRow: (fields: string[], line: number) => void;

  constructor(onRow: (fields: string[], line: number) => void) {
    this.onRow = onRow;
  }

  push(chunk: string): void {
    let start = 0;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.quoted) {
        const q = chunk.indexOf('"', i);
        if (q < 0) {
          this.field += chunk.slice(i);
          for (let j = i; j < n; j++) if (chunk.charCodeAt(j) === 10) this.line++;
          return;
        }
        this.field += chunk.slice(i, q);
        for (let j = i; j < q; j++) if (chunk.charCodeAt(j) === 10) this.line++;
        this.quoted = false;
        this.afterQuote = true;
        i = q + 1;
        start = i;
        continue;
      }
      const ch = chunk.charCodeAt(i);
      if (ch === 34 /* " */) {
        if (this.afterQuote) this.field += '"';
        else this.field += chunk.slice(start, i);
        this.quoted = true;
        this.afterQuote = false;
        this.inRow = true;
        i++;
        start = i;
      } else if (ch === 44 /* , */) {
        this.fields.push(this.field + chunk.slice(start, i));
        this.field = '';
        this.afterQuote = false;
        this.inRow = true;
        i++;
        start = i;
      } else if (ch === 10 /* \n */ || ch === 13 /* \r */) {
        this.field += chunk.slice(start, i);
        this.endRow();
        if (ch === 10) this.line++;
        i++;
        start = i;
      } else {
        this.afterQuote = false;
        this.inRow = true;
        i++;
      }
    }
    this.field += chunk.slice(start, n);
  }

  end(): void {
    if (this.quoted) throw new SyntaxError(`CSV: unterminated quoted field at line ${this.line}`);
    this.endRow();
  }

  private endRow(): void {
    if (this.inRow || this.field !== '') {
      this.fields.push(this.field);
      this.onRow(this.fields, this.line);
    }
    this.fields = [];
    this.field = '';
    this.afterQuote = false;
    this.inRow = false;
  }
}
