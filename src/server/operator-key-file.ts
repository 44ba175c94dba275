/**
 * The bootstrap operator key on disk, readable by its owner only, where the CLI on the same
 * machine finds it.
 * @module
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const OPERATOR_KEY_FILE = "operator.key";

export async function writeOperatorKey(dataDir: string, key: string): Promise<string> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, OPERATOR_KEY_FILE);
  await writeFile(path, `${key}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return path;
}

export async function readOperatorKey(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dataDir, OPERATOR_KEY_FILE), "utf8")).trim() || undefined;
  } catch {
    return undefined;
  }
}
