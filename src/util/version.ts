/** Versions written into journals and summaries, so every result says what produced it. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { version: string; dependencies?: Record<string, string> } {
  // Sources run from src/util, the build from dist/src/util: walk up to the package root.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'archdse') return pkg;
    }
    dir = dirname(dir);
  }
  return { version: 'unknown' };
}

export const ARCHDSE_VERSION = findPackageJson().version;

export function versions(): Record<string, string> {
  return { archdse: ARCHDSE_VERSION, node: process.versions.node, platform: `${process.platform}-${process.arch}` };
}
