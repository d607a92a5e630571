import type { HelperTask } from '../work/helper-task.ts';

/** What every answer component gets: the task, and where to send the answer (once; `busy` while it is sent). */
export interface AnswerProps {
  task: HelperTask;
  onAnswer: (answer: unknown) => void;
  busy: boolean;
}
