// In-process streams for tests of the command line: a captured stdout/stderr, an empty stdin.
import { PassThrough, Writable } from 'node:stream';

export class CapturedOutput extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export function testIo() {
  const stdin = new PassThrough();
  stdin.end();
  return { stdin, stdout: new CapturedOutput(), stderr: new CapturedOutput() };
}
