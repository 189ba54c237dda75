import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM } from './chromium';

const BUILDS = ['dist/apps/api/main.js', 'apps/web/build/handler.js'];

/** Says once why the browser tests are skipped, or stops early when the apps are not built. */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`\nBrowser tests skipped: chromium is missing (${CHROMIUM}); install it with apt-get install chromium fonts-noto-cjk.\n`);
    return;
  }
  const root = join(__dirname, '../../..');
  const missing = BUILDS.filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) throw new Error(`Not built: ${missing.join(', ')}. Run npx nx run-many -t build -p api web first.`);
}
