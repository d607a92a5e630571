import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvParser, encodeAnswers, readAnswersCsv, readLabelsCsv } from '../src/index.ts';

describe('encodeAnswers', () => {
  it('numbers tasks and workers by first appearance and labels by sorted string', () => {
    const answers = encodeAnswers([
      ['t2', 'bob', 'dog'],
      ['t1', 'alice', 'cat'],
      ['t2', 'alice', '10'],
      ['t1', 'bob', '9'],
    ]);
    expect(answers.taskNames).toEqual(['t2', 't1']);
    expect(answers.workerNames).toEqual(['bob', 'alice']);
    // String order, not numeric: '10' < '9' < 'cat' < 'dog'.
    expect(answers.labelNames).toEqual(['10', '9', 'cat', 'dog']);
    expect([...answers.task]).toEqual([0, 1, 0, 1]);
    expect([...answers.worker]).toEqual([0, 1, 1, 0]);
    expect([...answers.label]).toEqual([3, 2, 0, 1]);
  });

  it('keeps repeated (task, worker) rows as separate answers', () => {
    const answers = encodeAnswers([
      ['t', 'w', 'x'],
      ['t', 'w', 'x'],
      ['t', 'w', 'y'],
    ]);
    expect(answers.task.length).toBe(3);
    expect(answers.workerNames).toEqual(['w']);
  });

  it('grows past its initial capacity', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`t${i % 700}`, `w${i % 13}`, `l${i % 3}`] as const);
    const answers = encodeAnswers(rows);
    expect(answers.task.length).toBe(5000);
    expect(answers.taskNames[answers.task[4999]!]).toBe(`t${4999 % 700}`);
    expect(answers.labelNames[answers.label[4999]!]).toBe(`l${4999 % 3}`);
  });
});

describe('CsvParser', () => {
  const parse = (text: string, chunk = text.length) => {
    const rows: string[][] = [];
    const parser = new CsvParser((fields) => rows.push(fields));
    for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk));
    parser.end();
    return rows;
  };
  const tricky = 'task,worker,label\r\n"t,1","say ""hi""",x\r\n\r\nt2,w,"multi\nline"\nt3,,y';
  const expected = [
    ['task', 'worker', 'label'],
    ['t,1', 'say "hi"', 'x'],
    ['t2', 'w', 'multi\nline'],
    ['t3', '', 'y'],
  ];

  it('reads quoted fields, escaped quotes, CRLF, empty fields and skips blank lines', () => {
    expect(parse(tricky)).toEqual(expected);
  });

  it('gives the same rows whatever the chunk boundaries', () => {
    for (const chunk of [1, 2, 3, 7]) expect(parse(tricky, chunk)).toEqual(expected);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => parse('a,"b\n')).toThrow(/unterminated/);
  });
});

describe('readAnswersCsv and readLabelsCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minga-aggregation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('takes columns by header name, in any order', async () => {
    const answers = await readAnswersCsv(file('h.csv', 'label,task,extra,worker\nx,t1,?,w1\ny,t1,?,w2\n'));
    expect(answers.taskNames).toEqual(['t1']);
    expect(answers.workerNames).toEqual(['w1', 'w2']);
    expect([...answers.label]).toEqual([0, 1]);
  });

  it('reads a file without a header as task,worker,label', async () => {
    const answers = await readAnswersCsv(file('n.csv', 't1,w1,x\nt2,w1,y'));
    expect(answers.taskNames).toEqual(['t1', 't2']);
  });

  it('names the line of a short row', async () => {
    await expect(readAnswersCsv(file('s.csv', 'task,worker,label\nt1,w1\n'))).rejects.toThrow(/s\.csv:2: expected 3 columns/);
  });

  it('reads gold labels into a map', async () => {
    const gold = await readLabelsCsv(file('g.csv', 'task,label\nt1,x\n"t,2",y\n'));
    expect([...gold]).toEqual([
      ['t1', 'x'],
      ['t,2', 'y'],
    ]);
  });
});
