// npm run build: tsc (ESM + .d.ts in dist/), then rollup (the script-tag files).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, ...args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', 'tsc', '-p', 'tsconfig.json');
run('npx', 'rollup', '-c', '--silent');
