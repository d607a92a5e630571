import { DomainError } from '../core/domain-error.ts';

const NUL = '\u0000';
const MESSAGE = 'must not contain the NUL character (U+0000)';

/** The dotted name of the first string (or object key) holding a NUL, or null. */
function findNul(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path || '(body)' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key;
      if (key.includes(NUL)) return name;
      const found = findNul(item, name);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * PostgreSQL text cannot hold U+0000 (the query fails), while SQLite would store it: a NUL anywhere in a
 * request's path, query or body is refused up front, with the same 400 on both stores instead of a 500 on
 * one of them. `prefix` names where the value came from (`path.`, `query.`, or '' for the body).
 */
export function rejectNul(value: unknown, prefix: string): void {
  const field = findNul(value, prefix.replace(/\.$/, ''));
  if (field !== null) throw new DomainError('validation_error', `${field}: ${MESSAGE}`, [{ field, message: MESSAGE }]);
}

/**
 * In JSON text a NUL can only be written as the escape `\u0000` (raw control characters are invalid), so a
 * body without that sequence needs no walk: large batches pay one substring search.
 */
export const mayHoldNul = (jsonText: string): boolean => jsonText.includes('\\u0000');
