import type { FileHandle } from 'node:fs/promises';

const DEFAULT_BUFFER_BYTES = 1024 * 1024;

/** The most UTF-8 bytes a string can take: a UTF-16 code unit becomes at most 3. */
export function maxUtf8Bytes(text: string): number {
  return text.length * 3;
}

/**
 * Text written to a file through one reused buffer: each string is encoded
 * straight into it and the buffer goes out in one write when full, so a million
 * lines make neither a string nor a Buffer each, and memory stays at one buffer.
 */
export class BufferedFile {
  /** Bytes handed to the file so far. */
  public bytes = 0;
  private readonly buffer: Buffer;
  private used = 0;

  public constructor(
    private readonly file: FileHandle,
    bufferBytes = DEFAULT_BUFFER_BYTES,
  ) {
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** Whether `byteCount` more bytes fit before the next flush. */
  public fits(byteCount: number): boolean {
    return this.buffer.length - this.used >= byteCount;
  }

  /** Synchronous; only after `fits(maxUtf8Bytes(text))` (or a larger count) said yes. */
  public append(text: string): void {
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  /** Text of any length: buffered when it fits, else written out behind what is buffered. */
  public async write(text: string): Promise<void> {
    if (!this.fits(maxUtf8Bytes(text))) await this.flush();
    if (this.fits(maxUtf8Bytes(text))) this.append(text);
    else await this.writeAll(Buffer.from(text, 'utf8'));
  }

  public async flush(): Promise<void> {
    if (this.used === 0) return;
    const filled = this.buffer.subarray(0, this.used);
    await this.writeAll(filled);
    this.used = 0;
  }

  private async writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) offset += (await this.file.write(bytes, offset)).bytesWritten;
    this.bytes += bytes.length;
  }
}
