// npm run bench:fsync: how long this machine's disk takes to make a small write durable (write 8 KB, then
// fdatasync), about once per millisecond for BENCH_SECONDS (10) — the pattern of a group commit at ~1k req/s.
// A durable server cannot answer before its commit's fsync returns, so the slow tail of this distribution
// (p99.9, max) is a floor under the p99 latency of every durable gateway on this disk, hookgate and the
// reference alike: one 20 ms fsync at 1k req/s holds back the ~20 requests that arrive meanwhile (2 %).
// `npm run bench` prints the same figures (5 s) after its 1k req/s rows. Not a test: nothing is asserted.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Quantiles of fsync latency in milliseconds. */
export interface FsyncTail {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

const WRITE_BYTES = 8192;
/** Wraps the file around at this size, so a long run does not fill the disk. */
const FILE_BYTES = 64 * 1024 * 1024;

/**
 * Measures write + fdatasync latency in a temporary directory under `tmpdir()` (where the benchmark's
 * databases live) for `seconds`, pausing ~1 ms between syncs. Blocks the calling thread meanwhile.
 */
export function measureFsyncTail(seconds: number): FsyncTail {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-fsync-'));
  const fd = openSync(join(dir, 'probe.bin'), 'w');
  const block = Buffer.alloc(WRITE_BYTES, 1);
  const latencies: number[] = [];
  try {
    let position = 0;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      const start = performance.now();
      writeSync(fd, block, 0, block.length, position);
      fdatasyncSync(fd);
      latencies.push(performance.now() - start);
      position = (position + WRITE_BYTES) % FILE_BYTES;
      const next = performance.now() + 1;
      while (performance.now() < next) {
        // Spin rather than sleep: a timer's own wake-up jitter would blur the pacing.
      }
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    Number((latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(2));
  return { count: latencies.length, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1) };
}

/** One line for a report: `fsync of 8 KB: p50 … p99 … p99.9 … max … ms (n syncs)`. */
export function describeFsyncTail(tail: FsyncTail): string {
  return (
    `fsync of 8 KB on this disk: p50 ${tail.p50} ms, p99 ${tail.p99} ms, p99.9 ${tail.p999} ms, ` +
    `max ${tail.max} ms (${tail.count} syncs)`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(describeFsyncTail(measureFsyncTail(Number(process.env.BENCH_SECONDS ?? 10))));
}
