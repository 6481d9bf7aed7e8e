/**
 * Everything the CLI touches outside itself, passed in so tests run the real
 * program in-process (with a fetch that reaches the admin API's handlers).
 */
export type IO = {
  fetch: typeof fetch;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: colour only then (and never with NO_COLOR). */
  isTTY: boolean;
};

export const nodeIO = (): IO => ({
  fetch: globalThis.fetch,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
});

export const colourOn = (io: IO) => io.isTTY && !io.env.NO_COLOR;
