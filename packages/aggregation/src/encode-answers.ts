import type { EncodedAnswers } from './types.ts';

/**
 * Builds {@link EncodedAnswers} row by row: task and worker codes in order of first appearance, label codes
 * re-numbered at the end so that they follow the sorted label strings.
 *
 * @example
 * const encoder = new AnswerEncoder();
 * encoder.add('t1', 'alice', 'cat');
 * encoder.add('t1', 'bob', 'dog');
 * const answers = encoder.finish(); // answers.labelNames = ['cat', 'dog']
 */
export class AnswerEncoder {
  private readonly tasks = new Map<string, number>();
  private readonly workers = new Map<string, number>();
  private readonly labels = new Map<string, number>();
  private task = new Int32Array(1024);
  private worker = new Int32Array(1024);
  private label = new Int32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(task: string, worker: string, label: string): void {
    if (this.count === this.task.length) this.grow();
    const i = this.count++;
    this.task[i] = codeOf(this.tasks, task);
    this.worker[i] = codeOf(this.workers, worker);
    this.label[i] = codeOf(this.labels, label);
  }

  finish(): EncodedAnswers {
    const firstSeen = [...this.labels.keys()];
    const labelNames = [...firstSeen].sort();
    const rank = new Map(labelNames.map((name, code) => [name, code]));
    const remap = Int32Array.from(firstSeen, (name) => rank.get(name) as number);
    const label = this.label.slice(0, this.count);
    for (let i = 0; i < label.length; i++) label[i] = remap[label[i]!]!;
    return {
      task: this.task.slice(0, this.count),
      worker: this.worker.slice(0, this.count),
      label,
      taskNames: [...this.tasks.keys()],
      workerNames: [...this.workers.keys()],
      labelNames,
    };
  }

  private grow(): void {
    const size = this.task.length * 2;
    for (const key of ['task', 'worker', 'label'] as const) {
      const bigger = new Int32Array(size);
      bigger.set(this[key]);
      this[key] = bigger;
    }
  }
}

function codeOf(codes: Map<string, number>, name: string): number {
  let code = codes.get(name);
  if (code === undefined) {
    code = codes.size;
    codes.set(name, code);
  }
  return code;
}

/**
 * Encodes (task, worker, label) rows.
 *
 * @example
 * const answers = encodeAnswers([['t1', 'alice', 'cat'], ['t1', 'bob', 'dog']]);
 */
export function encodeAnswers(rows: Iterable<readonly [task: string, worker: string, label: string]>): EncodedAnswers {
  const encoder = new AnswerEncoder();
  for (const [task, worker, label] of rows) encoder.add(task, worker, label);
  return encoder.finish();
}

