export * from './common.ts';
export * from './task-types.ts';
export * from './task-input.ts';
export * from './task-output.ts';
export * from './project.ts';
export * from './account.ts';
export * from './work.ts';
export * from './aggregation.ts';
