/**
 * bench:workspace's words and vectors, shared by the bench (its queries) and its deployment process (the seeding):
 * deterministic, so every run seeds and asks the same things.
 */
import { EMBEDDING_DIMENSIONS } from "../../lib/domain/workspace/limits";

/** The system secret the bench's deployment and its routes share. */
export const SECRET = "bench-workspace-secret-0123456789abcdef";

export function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32;
}
const SYLLABLES = ["ka", "to", "ri", "me", "su", "la", "no", "vi", "de", "po", "ga", "shi", "ru", "be", "zo", "ne", "ta", "mi", "fu", "lo"];
const rand = rng(7);
const VOCAB = Array.from({ length: 3000 }, () =>
  Array.from({ length: 3 }, () => SYLLABLES[Math.floor(rand() * SYLLABLES.length)]).join(""),
);
export const sentence = (r: () => number, n = 12) => Array.from({ length: n }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(" ");
export const vector = (r: () => number) => Array.from({ length: EMBEDDING_DIMENSIONS }, () => r() * 2 - 1);
