// `npm start` calls this: build the web app once if web/dist has no index.html, so a fresh
// `npm ci && npm start` serves the app rather than the server's stand-in page.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
if (existsSync(fileURLToPath(new URL('../dist/index.html', import.meta.url)))) process.exit(0);
console.log('web/dist is missing: building the web app (npm run build -w web)…');
const result = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
