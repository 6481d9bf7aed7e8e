import readline from "node:readline/promises";

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
  /** Asks one question on the terminal (only called when isTTY). */
  prompt: (question: string) => Promise<string>;
  /** All of standard input (`login --with-token`, `import -`). */
  readStdin?: () => Promise<string>;
  /** Writes progress to the terminal (stderr); only called when isTTY. */
  progressStream?: NodeJS.WritableStream;
};

export const nodeIO = (): IO => ({
  fetch: globalThis.fetch,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY && process.stdin.isTTY),
  prompt: async (question) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
  progressStream: process.stderr,
});

export const colourOn = (io: IO) => io.isTTY && !io.env.NO_COLOR;
