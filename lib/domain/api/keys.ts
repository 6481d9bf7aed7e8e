/**
 * API key format, shared by the Convex function that mints keys and the route
 * handlers that read them: `tnt_` + 64 hex digits (256 random bits). Only the
 * SHA-256 of a key is ever stored; the first 12 characters are kept as the
 * prefix people recognise a key by. Web Crypto only, so this runs in Convex's
 * runtime and in Node alike.
 */
export const KEY_PREFIX = "tnt_";
export const KEY_PATTERN = /^tnt_[0-9a-f]{64}$/;
export const DISPLAY_PREFIX_LENGTH = 12;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * A new key from the platform's crypto.getRandomValues (256 bits). Called only
 * by apiKeys:create inside Convex: a key is never chosen by a caller.
 */
export function generateApiKey(): string {
  return KEY_PREFIX + hex(crypto.getRandomValues(new Uint8Array(32)));
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** Lower-case hex SHA-256 of the key: what the apiKeys.by_hash index holds. */
export async function hashApiKey(key: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key))));
}

/**
 * How much of a key's hash the control plane's key index keeps (convex/platform/keyIndex.ts):
 * 32 hex characters, 128 of the 256 bits. Enough that two keys never share it by chance, and
 * not the full hash the API-key door accepts.
 */
export const KEY_PREFIX_HEX = 32;
export const keyIndexPrefix = (hash: string) => hash.slice(0, KEY_PREFIX_HEX);
