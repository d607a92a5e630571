import type { TaskType } from '@minga/api-contracts';

/** Types whose answer is typed free text, where case and spacing carry no meaning. */
const FREE_TEXT_TYPES: ReadonlySet<TaskType> = new Set(['fill', 'answer_question', 'transcription_review']);

/**
 * Free text as compared: NFKC first (so full-width letters and non-breaking spaces become their plain
 * forms), then trimmed, inner whitespace collapsed to one space, and lower-cased without a locale so the
 * key is the same on every server.
 */
function normalizeText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** JSON with object keys sorted at every depth, and strings normalised as free text. */
function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(normalizeText(value));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return plainJson(value);
}

/** JSON.stringify, total: `undefined` (and anything else JSON cannot hold) still gets a key. */
function plainJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/**
 * The canonical string two answers of a task are compared by: equal keys mean the same answer.
 *
 * Free text (`fill`, `answer_question`, `transcription_review`) ignores case and spacing; `form` objects
 * ignore key order too. Choices are compared exactly, since the helper picked one of a fixed list.
 * `answer_question` with choices is normalised like free text as well: the key gets no task input, and
 * two choices that differ only in case or spacing would confuse helpers anyway.
 *
 * @example
 * answerKey('fill', '  Paris ') === answerKey('fill', 'paris'); // true
 * answerKey('form', { b: 1, a: 'X ' }) === answerKey('form', { a: 'x', b: 1 }); // true
 * answerKey('rate_quality', 4); // '4'
 */
export function answerKey(type: TaskType, answer: unknown): string {
  if (type === 'form') return canonicalJson(answer);
  if (FREE_TEXT_TYPES.has(type) && typeof answer === 'string') return JSON.stringify(normalizeText(answer));
  if (type === 'rate_quality' && typeof answer === 'number') return String(answer);
  return plainJson(answer);
}
