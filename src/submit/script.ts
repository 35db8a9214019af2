import { ValidationError } from '../errors';

/** The largest job script accepted, uploaded or pasted. */
export const MAX_SCRIPT_BYTES = 1024 * 1024;

/** File name extensions the modal's file input offers and the validator accepts. */
export const SCRIPT_EXTENSIONS: readonly string[] = ['sh', 'slurm', 'sbatch', 'txt'];

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * @throws ValidationError (with `field`) when a script of `bytes` bytes is over the limit.
 */
export function checkScriptSize(bytes: number, field = 'script'): void {
  if (bytes > MAX_SCRIPT_BYTES) {
    throw new ValidationError(`The script is ${formatSize(bytes)}; the limit is ${formatSize(MAX_SCRIPT_BYTES)}. Keep data in files on the cluster and read them from the script.`, field);
  }
}

/**
 * @throws ValidationError (with `field`) unless the file name ends with one of SCRIPT_EXTENSIONS.
 */
export function checkScriptFileName(name: string, field = 'script'): void {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === undefined || !SCRIPT_EXTENSIONS.includes(ext)) {
    throw new ValidationError(`Upload a job script ending in ${SCRIPT_EXTENSIONS.map((e) => `.${e}`).join(', ')}.`, field);
  }
}

/**
 * The job script as sbatch will read it: UTF-8 text starting with `#!`, at most MAX_SCRIPT_BYTES.
 * A UTF-8 byte order mark is dropped and Windows line ends become Unix ones, because sbatch
 * refuses both ("does not look like a batch script", "contains DOS line breaks") although the
 * script means the same without them.
 * @throws ValidationError (with `field`) for an empty, oversized or binary script (NUL bytes or
 *   invalid UTF-8), or one whose first line is not a `#!` interpreter line.
 */
export function checkScript(bytes: Uint8Array, field = 'script'): string {
  if (bytes.length === 0) throw new ValidationError('The script is empty.', field);
  checkScriptSize(bytes.length, field);
  if (bytes.includes(0)) {
    throw new ValidationError('This looks like a binary file (it contains NUL bytes). Upload the job script as text, e.g. job.sh.', field);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch (cause) {
    throw new ValidationError('The script is not UTF-8 text. Save it as UTF-8 (or plain ASCII) and upload it again.', field, { cause });
  }
  text = text.replace(/\r\n/g, '\n');
  if (!text.startsWith('#!')) {
    throw new ValidationError('The script must start with an interpreter line such as #!/bin/bash on its very first line.', field);
  }
  return text;
}

/**
 * A script pasted into the modal: leading blank lines (a common paste artefact) are dropped,
 * then it is checked like an uploaded one.
 * @throws ValidationError (with `field`), see checkScript.
 */
export function checkPastedScript(text: string, field = 'script'): string {
  return checkScript(Buffer.from(text.replace(/^\s*\n/, '').replace(/^[ \t]+(?=#!)/, ''), 'utf8'), field);
}
