import { existsSync } from 'node:fs';
import path from 'node:path';

/** The folder of Shoal's package.json: the nearest one above this module, from the source or from dist/. */
export function packageRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The built renderer of this installation. */
export function defaultUiDir(): string {
  return path.join(packageRoot(), 'renderer', 'dist');
}
