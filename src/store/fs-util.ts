import { unlink } from 'node:fs/promises';

/** The `code` of a Node.js system error (ENOENT, EEXIST…), if it is one. */
export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Removes a file that may already be gone. @throws the file system error for anything but ENOENT. */
export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}
