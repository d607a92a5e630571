/** The columns a new lease is written with (raw multi-row INSERT; see store/queries/insert-rows.ts). */
export const ASSIGNMENT_COLUMNS = ['id', 'account_id', 'project_id', 'task_id', 'helper_id', 'round', 'is_control', 'status', 'claimed_at', 'lease_expires_at', 'finished_at'] as const;

/** The columns a new answer is written with. */
export const SUBMISSION_COLUMNS = ['id', 'account_id', 'project_id', 'task_id', 'helper_id', 'round', 'is_control', 'answer', 'seconds_spent', 'submitted_at', 'correctness'] as const;
