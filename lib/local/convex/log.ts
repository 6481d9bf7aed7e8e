/** One readable line per function call, and function console output, for the terminal. */
export type Logger = {
  call(kind: string, path: string, ms: number, outcome: "ok" | "error", detail?: string): void;
  functionConsole(path: string, level: string, text: string): void;
  info(message: string): void;
};

const write = (line: string) => process.stdout.write(line + "\n");

export function consoleLogger(): Logger {
  return {
    call(kind, path, ms, outcome, detail) {
      const mark = outcome === "ok" ? "✓" : "✗";
      write(`[convex-local] ${mark} ${kind.padEnd(8)} ${path} ${ms.toFixed(1)}ms${detail ? ` — ${detail.split("\n")[0]}` : ""}`);
    },
    functionConsole(path, level, text) {
      write(`[convex-local]   ${path} ${level}: ${text}`);
    },
    info(message) {
      write(`[convex-local] ${message}`);
    },
  };
}

export const silentLogger: Logger = { call() {}, functionConsole() {}, info() {} };
