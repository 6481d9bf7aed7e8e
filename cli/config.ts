import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { IO } from "./io";

/**
 * What `tenantry login` keeps: the app's URL and either a platform token
 * (`login --with-token`) or a local-mode session cookie (never a system secret).
 * Written with mode 0600 in a 0700 folder, since either is a credential.
 */
export type Config = { url: string; session?: string; token?: string; email?: string };

export const configPath = (io: IO) =>
  io.env.TENANTRY_CONFIG || path.join(io.env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "tenantry", "config.json");

export function readConfig(io: IO): Config | null {
  try {
    return JSON.parse(fs.readFileSync(configPath(io), "utf8")) as Config;
  } catch {
    return null;
  }
}

export function writeConfig(io: IO, config: Config) {
  const file = configPath(io);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

export function removeConfig(io: IO): boolean {
  try {
    fs.unlinkSync(configPath(io));
    return true;
  } catch {
    return false;
  }
}
