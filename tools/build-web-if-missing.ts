// `npm start` runs this first: `npm install` normally builds the web app, but a copy installed with
// --ignore-scripts (or a deleted dist/) would otherwise start a server with no app at `/`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
if (!existsSync(`${root}packages/web/dist/index.html`)) {
  console.log('Building the web app (packages/web)…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@minga/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
