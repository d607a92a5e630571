import type { Task } from '@minga/sdk';
import { NavLink } from '../nav-link.tsx';
import { AnswerText } from './answer-text.tsx';

/** One page of a project's tasks as a table. Content is requester text and is shown as text. */
export function TaskTable({ tasks }: { tasks: Task[] }) {
  return (
    <table className="task-table">
      <caption className="visually-hidden">Tasks</caption>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Type</th>
          <th scope="col">Status</th>
          <th scope="col">Review</th>
          <th scope="col">Answers</th>
          <th scope="col">Result</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.id} data-task-id={t.id}>
            <td className="clip">
              <NavLink to={`/tasks/${encodeURIComponent(t.id)}`}>{t.description ?? t.content?.slice(0, 80) ?? t.id}</NavLink>
            </td>
            <td>{t.type.replaceAll('_', ' ')}</td>
            <td>{t.status.replaceAll('_', ' ')}</td>
            <td>{t.review_status ?? '–'}</td>
            <td>{t.answer_count}</td>
            <td>{t.result ? <AnswerText answer={t.result.answer} /> : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
