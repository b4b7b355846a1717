/** Bytes of the response body kept on the attempt (4 KB). */
export const PREVIEW_BYTES = 4096;

/** Bytes read past the preview so a kept-alive connection can be reused; beyond that it is dropped. */
const DRAIN_LIMIT = 64 * 1024;

const decoder = new TextDecoder('utf-8');

/**
 * The first 4 KB of a response body as text (invalid UTF-8 replaced). The rest is read and discarded up
 * to 64 KB so the connection stays reusable; a longer body is abandoned (the stream is destroyed, which
 * closes that connection). Rejects when `signal` aborts (the total timeout).
 */
export async function readPreview(body: AsyncIterable<unknown>, signal: AbortSignal): Promise<string> {
  const kept: Buffer[] = [];
  let keptSize = 0;
  let total = 0;
  for await (const chunk of body) {
    signal.throwIfAborted();
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    total += bytes.length;
    if (keptSize < PREVIEW_BYTES) {
      const slice = bytes.subarray(0, PREVIEW_BYTES - keptSize);
      kept.push(slice);
      keptSize += slice.length;
    }
    if (total > DRAIN_LIMIT) break;
  }
  return decoder.decode(Buffer.concat(kept));
}
