import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The dependency rules of the code base, checked on every run (STYLE.md §13): libraries never
 * reach into apps; a feature module uses another only through its exported service (no other
 * module's repositories or entity values); no forwardRef cycles; TypeORM only in repositories,
 * entities and the database layer.
 */
const root = resolve(__dirname, '../../..');
const api = join(root, 'apps/api/src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : files(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

function imports(file: string): Import[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({
    file: relative(root, file),
    target: m[2].startsWith('.') ? relative(root, resolve(file, '..', m[2])) : m[2],
    typeOnly: Boolean(m[1]),
  }));
}

const feature = (path: string) => path.split(sep)[3];
const SHARED = new Set(['common', 'config', 'database', 'mail', 'redis', 'activity']);

describe('architecture', () => {
  it('libs depend on nothing in apps, and engagement only on contracts', () => {
    const offending = ['libs/contracts/src', 'libs/engagement/src']
      .flatMap((dir) => files(join(root, dir)).flatMap(imports))
      .filter((i) => i.target.startsWith('apps/') || i.target.startsWith('@nestjs') || i.target === 'typeorm' || (i.file.startsWith('libs/contracts') && i.target.startsWith('@kizuna/')));
    expect(offending).toEqual([]);
  });

  it("no feature module imports another feature's repositories or entity values", () => {
    const offending = files(api)
      .flatMap(imports)
      .filter((i) => i.target.startsWith('apps/api/src/'))
      .filter((i) => {
        const from = feature(i.file);
        const to = feature(i.target);
        if (from === to || SHARED.has(to) || from === undefined || !i.file.includes(sep + from + sep)) return false;
        if (/\.repository$/.test(i.target)) return true;
        return /\.entity$/.test(i.target) && !i.typeOnly;
      })
      // The composition root and the seed wire every module together.
      .filter((i) => !['apps/api/src/database/data-source.ts'].includes(i.file) && !i.file.startsWith('apps/api/src/seed/'));
    expect(offending).toEqual([]);
  });

  it('uses no forwardRef and touches TypeORM only in repositories, entities and the database layer', () => {
    const sources = files(api);
    expect(sources.filter((f) => readFileSync(f, 'utf8').includes('forwardRef')).map((f) => relative(root, f))).toEqual([]);
    const typeormUsers = sources
      .flatMap(imports)
      .filter((i) => i.target === 'typeorm' && !i.typeOnly)
      .map((i) => i.file)
      .filter((f) => !/\.(repository|entity|dispatcher)\.ts$/.test(f) && !f.startsWith('apps/api/src/database/') && !f.includes('/migrations/'));
    expect([...new Set(typeormUsers)]).toEqual([]);
  });
});
