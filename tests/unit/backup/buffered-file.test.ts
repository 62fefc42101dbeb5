import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedFile, maxUtf8Bytes } from '../../../src/lib/backup/buffered-file';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dmw-buffered-file-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `pieces` through a BufferedFile of `bufferBytes`, appending when they fit as the exporter does. */
async function writeThrough(name: string, bufferBytes: number, pieces: readonly string[]): Promise<{ text: string; bytes: number }> {
  const path = join(dir, name);
  const handle = await open(path, 'w');
  try {
    const out = new BufferedFile(handle, bufferBytes);
    for (const piece of pieces) {
      if (!out.fits(maxUtf8Bytes(piece))) await out.flush();
      if (out.fits(maxUtf8Bytes(piece))) out.append(piece);
      else await out.write(piece);
    }
    await out.flush();
    return { text: await readFile(path, 'utf8'), bytes: out.bytes };
  } finally {
    await handle.close();
  }
}

describe('BufferedFile', () => {
  it('writes every piece in order across many flushes, multi-byte characters included', async () => {
    const pieces = Array.from({ length: 500 }, (_, index) => `${index}: Größe 🐉 'x'\n`);
    const { text, bytes } = await writeThrough('many.txt', 64, pieces);
    expect(text).toBe(pieces.join(''));
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it('writes a piece larger than its buffer between the ones around it', async () => {
    const pieces = ['head\n', 'ü'.repeat(1000), '\ntail\n'];
    const { text, bytes } = await writeThrough('large.txt', 32, pieces);
    expect(text).toBe(pieces.join(''));
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it('buffers `write` text until a flush and writes nothing for an empty flush', async () => {
    const path = join(dir, 'pending.txt');
    const handle = await open(path, 'w');
    try {
      const out = new BufferedFile(handle, 1024);
      await out.write('pending');
      expect(await readFile(path, 'utf8')).toBe('');
      expect(out.bytes).toBe(0);
      await out.flush();
      await out.flush();
      expect(await readFile(path, 'utf8')).toBe('pending');
      expect(out.bytes).toBe(7);
    } finally {
      await handle.close();
    }
  });

  it('never underestimates the UTF-8 size of a string', () => {
    for (const text of ['', 'a', 'ß', '€', '🐉', 'a€🐉ß\u0000']) {
      expect(maxUtf8Bytes(text)).toBeGreaterThanOrEqual(Buffer.byteLength(text));
    }
  });
});
