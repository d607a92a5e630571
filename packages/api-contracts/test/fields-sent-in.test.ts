import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaskCreateFields, fieldsSentIn } from '../src/task-input.ts';

const FIELDS = Object.keys(TaskCreateFields.shape);

/** Values that are often valid for some field and often not: the two schemas must agree on both. */
const value = fc.oneof(
  fc.constantFrom('label_text', 'yesno', 'multi', 'markdown', 'html', 'normal', 'urgent', 'majority_vote', 'quorum', 'https://example.com/hook', 'ftp://x', ''),
  fc.string({ maxLength: 20 }),
  fc.integer({ min: -5, max: 600 }),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('a', 'b', 'c', 'a', ''), { maxLength: 6 }),
  fc.dictionary(fc.constantFrom('text', 'categories', 'question', 'x'), fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }))),
  fc.array(fc.record({ output_values: fc.record({ answer: fc.string({ maxLength: 5 }) }), correctness_weight: fc.double({ min: 0, max: 1, noNaN: true }) }), { maxLength: 3 }),
);

const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 12 }),
  // Now and then a field no schema knows.
  fc.dictionary(fc.constantFrom(...FIELDS, 'instructions', 'tag', 'projectId'), value, { maxKeys: 12 }),
  value,
);

describe('TaskCreateFields narrowed to the fields a body sends', () => {
  it('gives what the whole schema gives: the same data, or the same issues', () => {
    fc.assert(
      fc.property(body, (raw) => {
        const whole = TaskCreateFields.safeParse(raw);
        const narrowed = fieldsSentIn(raw).safeParse(raw);
        expect(narrowed.success).toBe(whole.success);
        if (whole.success && narrowed.success) expect(narrowed.data).toEqual(whole.data);
        else expect(narrowed.error?.issues).toEqual(whole.error?.issues);
      }),
      { numRuns: 3_000 },
    );
  });

  it('narrows a body of known fields, and keeps the whole schema for one with an unknown field', () => {
    const sent = { type: 'yesno', content: 'Is it?' };
    expect(fieldsSentIn(sent)).not.toBe(TaskCreateFields);
    expect(fieldsSentIn(sent)).toBe(fieldsSentIn({ type: 'multi', content: 'Which?' }));
    expect(fieldsSentIn({ ...sent, colour: 'red' })).toBe(TaskCreateFields);
    expect(fieldsSentIn([sent])).toBe(TaskCreateFields);
    const refused = fieldsSentIn({ type: 'yesno', overlap: 0 }).safeParse({ type: 'yesno', overlap: 0 });
    expect(refused.success).toBe(false);
  });
});
