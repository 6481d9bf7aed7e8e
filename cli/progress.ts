import cliProgress from "cli-progress";
import type { IO } from "./io";

/** The few calls a long command makes on its progress bar. */
export type Progress = { update(done: number, payload?: Record<string, string | number>): void; stop(): void };

const none: Progress = { update: () => {}, stop: () => {} };

/**
 * A cli-progress bar on stderr, only on a terminal (never in scripts, pipes or with
 * --json), so stdout stays the command's answer.
 */
export function progressBar(io: IO, total: number, format: string, json = false): Progress {
  if (!io.isTTY || json || !io.progressStream) return none;
  const bar = new cliProgress.SingleBar(
    { format, stream: io.progressStream, hideCursor: true, etaBuffer: 50 },
    io.env.NO_COLOR ? cliProgress.Presets.legacy : cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done, payload) => bar.update(done, payload), stop: () => bar.stop() };
}
