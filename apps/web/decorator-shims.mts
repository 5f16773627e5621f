/**
 * Keeps class-validator and class-transformer out of the browser bundle.
 *
 * The web imports `@jiebang/contracts` for its enums, labels, money and rule helpers; the same modules declare the
 * API's DTO classes, whose class-validator / class-transformer decorators run when a class is defined. The browser
 * never validates with them (the API does, at the edge; the forms have their own antd rules), so the web build
 * resolves both packages to a generated module in which every export of the real package is a decorator factory
 * that does nothing (`registerDecorator`, the only non-decorator the contracts call, is called from inside their
 * own decorators, so it is never reached). The export names are read from the installed package at build time,
 * so a decorator the contracts start using later is shimmed too. Without the decorators' metadata, the browser
 * no longer needs `reflect-metadata` either.
 *
 * Measured with `npm run build:web` (dist/web/assets): before, a 26.7 KB `validation` chunk (class-validator,
 * validator.js) plus reflect-metadata in the app chunk; after, neither ships.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The packages replaced in the browser build. */
export const SHIMMED_PACKAGES = ['class-validator', 'class-transformer'] as const;

const PREFIX = '\0decorator-shim:';

/** The names a package exports (its CommonJS entry), as valid identifiers, `default` left out. */
function exportNames(pkg: string, repoRoot: string): string[] {
  const real = createRequire(path.join(repoRoot, 'package.json'))(pkg) as Record<string, unknown>;
  return Object.keys(real).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
}

/**
 * The Vite plugin (used by `vite.config.mts` and `vitest.config.mts`): `import … from 'class-validator'` (or
 * `class-transformer`) loads a module whose every named export is `() => () => undefined`.
 */
export function decoratorShims(repoRoot: string): Plugin {
  return {
    name: 'jiebang-decorator-shims',
    enforce: 'pre',
    resolveId(id) {
      return (SHIMMED_PACKAGES as readonly string[]).includes(id) ? PREFIX + id : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const names = exportNames(id.slice(PREFIX.length), repoRoot);
      return [
        '/* Browser shim: the DTO decorators do nothing in the web app (see apps/web/decorator-shims.mts). */',
        'const decorator = () => undefined;',
        'const factory = () => decorator;',
        ...names.map((n) => `export const ${n} = factory;`),
        'export default {};',
      ].join('\n');
    },
  };
}
