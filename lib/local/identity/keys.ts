import "server-only";
import { randomUUID } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { getEnv } from "@/lib/server/env";

export const SIGNING_ALG = "RS256";

export type SigningKey = {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** What the JWKS endpoint publishes. */
  publicJwk: JWK;
};

/** `<TENANTRY_DATA_DIR>/local-auth`: the key pair and the session store live here. */
export function localAuthDir(): string {
  return path.join(getEnv().dataDir, "local-auth");
}

// Shared through globalThis because proxy, route handlers and pages are separate bundles in
// one process; each would otherwise read (or race to create) the key on its own.
const slot = globalThis as typeof globalThis & { __tenantrySigningKey?: Promise<SigningKey> };

/** The provider's RS256 key, generated on first use and kept under .data/local-auth/. */
export function getSigningKey(): Promise<SigningKey> {
  slot.__tenantrySigningKey ??= loadOrCreate().catch((error: unknown) => {
    slot.__tenantrySigningKey = undefined;
    throw error;
  });
  return slot.__tenantrySigningKey;
}

type StoredKey = { kid: string; privateJwk: JWK };

async function loadOrCreate(): Promise<SigningKey> {
  const file = path.join(localAuthDir(), "signing-key.json");
  const existing = await readStored(file);
  if (existing) return toSigningKey(existing);

  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true, modulusLength: 2048 });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: "RSA", n: privateJwk.n!, e: privateJwk.e! });
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write aside, then link into place: link() fails if another process won the race,
  // and nobody ever reads a half-written key.
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify({ kid, privateJwk } satisfies StoredKey), { mode: 0o600 });
  try {
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temp);
  }
  const stored = await readStored(file);
  if (!stored) throw new Error(`local identity: could not read ${file} after creating it`);
  return toSigningKey(stored);
}

async function readStored(file: string): Promise<StoredKey | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as StoredKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new Error(`local identity: ${file} is unreadable; delete it to make a new key`, { cause: error });
  }
}

async function toSigningKey({ kid, privateJwk }: StoredKey): Promise<SigningKey> {
  const publicJwk: JWK = { kty: "RSA", n: privateJwk.n, e: privateJwk.e, alg: SIGNING_ALG, use: "sig", kid };
  return {
    kid,
    privateKey: (await importJWK(privateJwk, SIGNING_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
    publicJwk,
  };
}
