/**
 * A cheap first pass for exact vector search (vector.ts): each cached
 * partition also keeps its vectors as 8-bit integers (one scale per row) and
 * how far each rounded row is from the real one. A search first scores every
 * row with the integers (a quarter of the memory to read: the full scan of a
 * 10,000-vector partition is memory-bound), which gives each row's score to
 * within a bound it can compute; only rows whose best possible score reaches
 * the k-th best guaranteed score can be in the top k, and only those are
 * scored exactly. The result is the exact scan's, ties included (see
 * `candidates`); nothing is approximate.
 *
 * The bound, for normalized q and x with q ≈ q8·sq and x ≈ x8·sx, |q| = 1,
 * |x| <= 1: |q·x − sq·sx·(q8·x8)| <= |q|·|x − x̂| + |q − q̂|·|x̂|
 * <= ex + eq·(1 + ex), plus SLACK for the float32 rounding of the exact pass.
 */

/** Partitions smaller than this are scanned exactly at once (the first pass would not pay for itself). */
export const SCREEN_MIN_ROWS = 512;
/** Far above the float32 rounding of a 1,536-term dot product of unit vectors (about 1e-4 at worst). */
const SLACK = 1e-3;

type Dot8 = (q: number, m: number, n: number) => number;
/** Row 0 of `mat` is the query's; row i + 1 is document i; rows are `stride` bytes (dims padded to 16, zeros). */
export type Screen = { mat: Int8Array; stride: number; scales: Float32Array; errs: Float32Array; dot8: Dot8 };

/** Rounds `row` to integers in [-127, 127] at `out`: the scale used and the distance from the real row. */
function quantize(row: Float32Array, out: Int8Array, at: number): { scale: number; err: number } {
  let max = 0;
  for (let i = 0; i < row.length; i++) max = Math.max(max, Math.abs(row[i]));
  const scale = Math.fround(max / 127);
  if (scale === 0) return { scale: 0, err: 0 };
  let err = 0;
  for (let i = 0; i < row.length; i++) {
    const n = Math.max(-127, Math.min(127, Math.round(row[i] / scale)));
    out[at + i] = n;
    const d = row[i] - n * scale;
    err += d * d;
  }
  return { scale, err: Math.sqrt(err) };
}

/** The integer copy of a partition's rows (`mat`: vector.ts's layout, document i at row i + 1), or null without SIMD. */
export function buildScreen(mat: Float32Array, rows: number, dims: number, stride: number): Screen | null {
  if (!WASM_DOT8 || rows < SCREEN_MIN_ROWS) return null;
  const stride8 = Math.ceil(dims / 16) * 16;
  const bytes = (rows + 1) * stride8;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
  const out = new Int8Array(memory.buffer, 0, bytes);
  const scales = new Float32Array(rows);
  const errs = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const off = (i + 1) * stride;
    const q = quantize(mat.subarray(off, off + dims), out, (i + 1) * stride8);
    // A row holding NaN or infinity has no bound, and the plain scan's answer then depends on the order of every
    // row it saw (a NaN score compares false with all): such a partition is always scanned in full.
    if (!Number.isFinite(q.scale) || !Number.isFinite(q.err)) return null;
    scales[i] = q.scale;
    errs[i] = q.err;
  }
  const dot8 = new WebAssembly.Instance(WASM_DOT8, { e: { m: memory } }).exports.dot8 as Dot8;
  return { mat: out, stride: stride8, scales, errs, dot8 };
}

export const screenBytes = (s: Screen | null) => (s ? s.mat.byteLength + s.scales.byteLength + s.errs.byteLength : 0);

/**
 * The rows (ascending) that can be among the `k` best for the normalized query
 * `q`: every row whose score can reach the k-th best lower bound. Any other
 * row scores strictly below k rows, so it is not in the exact top k even on a
 * tie; offering the candidates in row order keeps the exact scan's tie order.
 */
export function candidates(screen: Screen, q: Float32Array, k: number): number[] {
  const rows = screen.scales.length;
  const { scale: sq, err: eq } = quantize(q, screen.mat.fill(0, 0, screen.stride), 0);
  if (!Number.isFinite(sq) || !Number.isFinite(eq)) return Array.from({ length: rows }, (_, i) => i);
  const approx = new Float64Array(rows);
  const bound = new Float64Array(rows);
  // The k largest lower bounds so far, smallest first (k <= 256: a sorted insert is cheap).
  const best: number[] = [];
  for (let i = 0; i < rows; i++) {
    const a = sq * screen.scales[i] * screen.dot8(0, (i + 1) * screen.stride, screen.stride);
    const b = screen.errs[i] + eq * (1 + screen.errs[i]) + SLACK;
    approx[i] = a;
    bound[i] = b;
    const low = a - b;
    if (best.length < k) best.splice(sortedIndex(best, low), 0, low);
    else if (low > best[0]) {
      best.shift();
      best.splice(sortedIndex(best, low), 0, low);
    }
  }
  const threshold = best.length < k ? -Infinity : best[0];
  const out: number[] = [];
  for (let i = 0; i < rows; i++) if (approx[i] + bound[i] >= threshold) out.push(i);
  return out;
}

function sortedIndex(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The integer dot product with 128-bit SIMD: 16 bytes a step, widened to 16
 * bits and multiplied pairwise into four 32-bit sums (i32x4.dot_i16x8_s),
 * assembled here like vector.ts's float one:
 *   (func (export "dot8") (param $q i32) (param $m i32) (param $n i32) (result i32)
 *     end = m + n; loop while m < end: a = load(q); b = load(m);
 *       acc += dot(extend_low(a), extend_low(b)) + dot(extend_high(a), extend_high(b)); q += 16; m += 16
 *     return acc[0] + acc[1] + acc[2] + acc[3])
 * with its memory imported as e.m. 1,536 numbers of at most 127² fit an i32 many times over.
 */
const WASM_DOT8: WebAssembly.Module | null = (() => {
  try {
    return new WebAssembly.Module(
      Buffer.from(
        "AGFzbQEAAAABCAFgA39/fwF/AggBAWUBbQIAAQMCAQAHCAEEZG90OAAACnkBdwMBewF/AnsgASACaiEEAkADQCABIARPDQEgAP0AAAAhBSAB/QAAACEGIAMgBf2HASAG/YcB/boB/a4BIAX9iAEgBv2IAf26Af2uASEDIABBEGohACABQRBqIQEMAAsLIAP9GwAgA/0bAWogA/0bAmogA/0bA2oL",
        "base64",
      ),
    );
  } catch {
    return null;
  }
})();
