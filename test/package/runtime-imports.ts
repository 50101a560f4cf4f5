// What the published files import when they run: every module specifier in the JavaScript the
// tarball ships (static and dynamic imports, require() and the createRequire()d `load()` of
// src/emit/dockerfile.ts), split into relative files, Node built-ins and packages.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize } from 'node:path';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bload\s*\(\s*)(["'])([^"'\n]+)\1/g;

export interface RuntimeImports {
  /** package name → the shipped files importing it */
  packages: Map<string, string[]>;
  /** relative imports that name a file the tarball does not hold */
  missingFiles: string[];
}

// Text that only looks like a specifier (commander's message "remove … from '.command()'") is not
// a package name.
const PACKAGE_NAME = /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*(\/[^\s]*)?$/;
const packageOf = (spec: string): string => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);

/** `files`: paths inside the package (as `npm pack --json` lists them), read from `root`. */
export function runtimeImports(root: string, files: readonly string[]): RuntimeImports {
  const shipped = new Set(files.map((f) => normalize(f)));
  const packages = new Map<string, string[]>();
  const missingFiles: string[] = [];
  for (const file of files.filter((f) => /\.(m|c)?js$/.test(f))) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[2]!;
      if (/^\.\.?\//.test(spec)) {
        const target = normalize(join(dirname(file), spec));
        if (!shipped.has(target)) missingFiles.push(`${file} → ${spec}`);
      } else if (PACKAGE_NAME.test(spec) && !isBuiltin(spec)) {
        const name = packageOf(spec);
        packages.set(name, [...(packages.get(name) ?? []), file]);
      }
    }
  }
  return { packages, missingFiles };
}
