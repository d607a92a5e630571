import { describe, expect, it } from 'vitest';
import type { TaskType } from '@minga/api-contracts';
import { answerKey } from '../../src/core/consensus/normalize-answer.ts';

describe('answerKey', () => {
  it.each<[string, TaskType, unknown, unknown]>([
    ['fill ignores surrounding spaces and case', 'fill', '  Paris ', 'paris'],
    ['fill collapses inner whitespace, tabs and newlines included', 'fill', 'New \t York\n', 'new york'],
    ['fill folds compatibility forms (NFKC): full-width letters, non-breaking spaces', 'fill', 'ｐａｒｉｓ\u00a0city', 'paris city'],
    ['answer_question free text is compared like fill', 'answer_question', ' Forty-Two ', 'forty-two'],
    ['transcription_review strings are compared like fill', 'transcription_review', 'Hello  World', 'hello world'],
    ['form ignores key order and normalises string values', 'form', { b: 'X  Y ', a: 1 }, { a: 1, b: 'x y' }],
    ['form drops undefined fields, as JSON would', 'form', { a: 1, b: undefined }, { a: 1 }],
  ])('%s', (_behaviour, type, a, b) => {
    expect(answerKey(type, a)).toBe(answerKey(type, b));
  });

  it.each<[string, TaskType, unknown, unknown]>([
    ['choices are compared exactly', 'multi', 'Red', 'red'],
    ['a category with spaces is not trimmed', 'categorization', 'cat ', 'cat'],
    ['fill keeps different words apart', 'fill', 'Paris', 'Pari s'],
    ['form keeps a number apart from its string', 'form', { a: 1 }, { a: '1' }],
    ['form values that differ stay apart', 'form', { a: 'x' }, { a: 'y' }],
    ['rate_quality keeps different scores apart', 'rate_quality', 4, 5],
  ])('%s', (_behaviour, type, a, b) => {
    expect(answerKey(type, a)).not.toBe(answerKey(type, b));
  });

  it.each<[TaskType, unknown, string]>([
    ['yesno', 'yes', '"yes"'],
    ['rate_quality', 4, '4'],
    ['fill', '  Paris ', '"paris"'],
    ['form', { z: true, a: [' B '], m: null }, '{"a":["b"],"m":null,"z":true}'],
  ])('the key of a %s answer %j is %s', (type, answer, key) => {
    expect(answerKey(type, answer)).toBe(key);
  });

  it('gives every value a key, even one JSON cannot hold', () => {
    expect(answerKey('yesno', undefined)).toBe('null');
  });
});
