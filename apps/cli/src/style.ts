// Colour for a person at a terminal. util.styleText checks the stream it is given (a TTY with
// colours) and NO_COLOR / FORCE_COLOR itself, so pipes, files and NO_COLOR=1 get plain text.
import { styleText } from 'node:util';

export type StyleFormat = Parameters<typeof styleText>[0];
export type Style = (format: StyleFormat, text: string) => string;

export function styleFor(stream: NodeJS.WritableStream): Style {
  return (format, text) => styleText(format, text, { stream });
}
