/** Checks a kind makes on a file the owner named (the CLI names paths; the window will hand over chosen files). */
import { existsSync, statSync } from 'node:fs';
import { TaskdeckError } from '../../common/result.ts';

export function assertReadableFile(path: string): void {
  if (!existsSync(path)) throw new TaskdeckError('bad_input', `The file ${path} does not exist`);
  if (!statSync(path).isFile()) throw new TaskdeckError('bad_input', `${path} is not a file`);
}

/** The file's own name, without its folders. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
