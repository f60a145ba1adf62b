// Paths the WordPress harness and tests share.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The plugin's source folder (what the zip holds, plus the built element). */
export const pluginSource = join(root, 'integrations', 'wordpress', 'authsignal-whatsapp-challenge');
/** The installable zip `npm run build` writes (WP_PLUGIN_ZIP: another one, e.g. a deliberately broken build). */
export const pluginZip = process.env.WP_PLUGIN_ZIP ?? join(root, 'dist', 'authsignal-whatsapp-challenge-wordpress.zip');
/** The test fixture: a must-use plugin that records the plugin's hook. */
export const fixtureDir = join(root, 'test', 'wordpress', 'fixture');
