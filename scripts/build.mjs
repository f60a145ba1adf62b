// npm run build: tsc (ESM + .d.ts in dist/), rollup (the script-tag files), then the custom
// elements manifest, dist/custom-elements.json (cem; options in custom-elements-manifest.config.mjs),
// and the WordPress plugin's installable zip, dist/authsignal-whatsapp-challenge-wordpress.zip.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { writePluginZip } from '../integrations/wordpress/build-zip.mjs';

const run = (cmd, ...args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', 'tsc', '-p', 'tsconfig.json');
run('npx', 'rollup', '-c', '--silent');
run('npx', 'cem', 'analyze', '--litelement', '--globs', 'src/**/*.ts', '--quiet');
writePluginZip();
