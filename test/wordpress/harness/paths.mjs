// Paths the WordPress harness and tests share.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The plugin's source folder (what the zip holds, plus the built element). */
export const pluginSource = join(root, 'integrations', 'wordpress', 'authsignal-whatsapp-challenge');
/** The installable zip `npm run build` writes. */
export const pluginZip = join(root, 'dist', 'authsignal-whatsapp-challenge-wordpress.zip');
/** The test fixture: a must-use plugin that records the plugin's hook. */
export const fixtureDir = join(root, 'test', 'wordpress', 'fixture');
