import { PassThrough } from 'node:stream';
import { runCli } from '../../src/run-cli.ts';

/** Runs the CLI in-process with the given environment and collects what it prints and its exit code. */
export async function runCliCaptured(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await runCli(argv, stdout, stderr, env);
  return { code, out, err };
}
