import "server-only";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { localAuthDir } from "./keys";

/**
 * Server-side session store of the local identity provider: one small file per session
 * under .data/local-auth/sessions/. A cookie is only honoured while its file exists, so
 * signing out (which deletes the file) ends the session even for a copied cookie.
 * One file per session means no read-modify-write, so parallel sign-ins cannot race.
 */
export type StoredSession = { sid: string; userId: string; email: string; expiresAt: number };

export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

const SID = /^[a-f0-9]{32}$/;

function sessionsDir(): string {
  return path.join(localAuthDir(), "sessions");
}

function sessionFile(sid: string): string {
  // The sid comes from a verified token, but checking its shape keeps any path tricks out.
  if (!SID.test(sid)) throw new Error("local identity: malformed session id");
  return path.join(sessionsDir(), `${sid}.json`);
}

export async function createSession(user: { userId: string; email: string }): Promise<StoredSession> {
  const session: StoredSession = {
    sid: randomBytes(16).toString("hex"),
    userId: user.userId,
    email: user.email,
    expiresAt: Date.now() + SESSION_TTL_SECONDS * 1000,
  };
  await mkdir(sessionsDir(), { recursive: true, mode: 0o700 });
  await writeFile(sessionFile(session.sid), JSON.stringify(session), { mode: 0o600, flag: "wx" });
  void pruneExpired();
  return session;
}

/** The stored session if it exists and has not expired; null otherwise. */
export async function findActiveSession(sid: string): Promise<StoredSession | null> {
  if (!SID.test(sid)) return null;
  try {
    const session = JSON.parse(await readFile(sessionFile(sid), "utf8")) as StoredSession;
    return session.expiresAt > Date.now() ? session : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function revokeSession(sid: string): Promise<void> {
  if (!SID.test(sid)) return;
  await rm(sessionFile(sid), { force: true });
}

/** Best effort housekeeping: expired sessions are already refused, this just frees disk. */
async function pruneExpired(): Promise<void> {
  try {
    for (const name of await readdir(sessionsDir())) {
      const sid = name.replace(/\.json$/, "");
      if (SID.test(sid) && !(await findActiveSession(sid))) await revokeSession(sid);
    }
  } catch {
    // A concurrent prune or sign-out removed something first: nothing to do.
  }
}
