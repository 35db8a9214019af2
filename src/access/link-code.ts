import { randomInt } from 'node:crypto';

/** Crockford-like: no 0/O, 1/I/L, so a code read off a screen is typed right. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

/** How long a link code may be used: long enough to log in to the cluster, short enough not to linger. */
export const LINK_CODE_TTL_SECONDS = 10 * 60;

/**
 * A one-time link code like `K7QM-2XPD`: 8 characters from a 31-letter alphabet (about 2^39),
 * from the OS's CSPRNG. Only safe characters, so it is also a safe file name.
 */
export function newLinkCode(random: (max: number) => number = randomInt): string {
  const chars = Array.from({ length: 8 }, () => ALPHABET[random(ALPHABET.length)]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/** Whether the text is a link code exactly as the bot writes them. */
export function isLinkCode(text: string): boolean {
  return CODE.test(text);
}
