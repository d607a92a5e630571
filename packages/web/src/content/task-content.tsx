import type { HelperTask } from '../work/helper-task.ts';
import { Markdown } from './markdown.tsx';
import { SandboxedHtml } from './sandboxed-html.tsx';

/** The task's own content: markdown in the page (sanitised), HTML in a sandboxed iframe. */
export function TaskContent({ task }: { task: HelperTask }) {
  if (!task.content) return null;
  if (task.format === 'html') return <SandboxedHtml html={task.content} title="Task content" />;
  return <Markdown source={task.content} />;
}
