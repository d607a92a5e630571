/**
 * Splits a JSON array arriving in chunks into the texts of its top-level elements, without holding the whole
 * array: it tracks nesting depth and strings, and hands each element's text (and the line it starts on) to
 * `onItem`. Anything but a top-level array is reported by throwing from `end`.
 */
export function splitJsonArray(onItem: (text: string, line: number) => void): { push(chunk: string): void; end(): void } {
  let started = false;
  let finished = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let item = '';
  let itemLine = 0;
  let line = 1;

  const flush = () => {
    if (item.trim() !== '') onItem(item, itemLine);
    item = '';
  };

  return {
    push(chunk: string) {
      for (const ch of chunk) {
        if (ch === '\n') line++;
        if (finished) {
          if (!/\s/.test(ch)) throw new SyntaxError(`line ${line}: text after the closing ] of the array`);
          continue;
        }
        if (!started) {
          if (ch === '[') started = true;
          else if (!/\s/.test(ch) && ch !== '\uFEFF') throw new SyntaxError(`line ${line}: a .json import file must hold one JSON array`);
          continue;
        }
        if (inString) {
          item += ch;
          if (escaped) escaped = false;
          else if (ch === '\\') escaped = true;
          else if (ch === '"') inString = false;
          continue;
        }
        if (depth === 0 && (ch === ',' || ch === ']')) {
          flush();
          if (ch === ']') finished = true;
          continue;
        }
        if (item.trim() === '' && !/\s/.test(ch)) itemLine = line;
        item += ch;
        if (ch === '"') inString = true;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') depth--;
      }
    },
    end() {
      if (!started || !finished) throw new SyntaxError('the JSON array is not closed: the file ends before its ]');
    },
  };
}
