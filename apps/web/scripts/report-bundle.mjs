// Reports the JavaScript a first visit downloads (the entry script and its modulepreloads),
// gzip-compressed, from the built dist/index.html. The target is under 120 kB gzip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = join(import.meta.dirname, '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const TARGET_KB = 120;

const references = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
].map((match) => match[1]);
const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);

function sizes(files) {
  return files.map((file) => {
    const bytes = readFileSync(join(dist, file.replace(/^\//, '')));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

const kb = (bytes) => (bytes / 1000).toFixed(1);
const js = sizes([...new Set(references)]);
const styles = sizes([...new Set(css)]);
const totalJs = js.reduce((sum, entry) => sum + entry.gzip, 0);
const totalCss = styles.reduce((sum, entry) => sum + entry.gzip, 0);

for (const entry of [...js, ...styles]) {
  console.log(`  ${entry.file}  ${kb(entry.raw)} kB, ${kb(entry.gzip)} kB gzip`);
}
console.log(
  `initial JS: ${kb(totalJs)} kB gzip in ${js.length} file(s) (target < ${TARGET_KB} kB); CSS: ${kb(totalCss)} kB gzip`,
);
if (totalJs / 1000 > TARGET_KB) {
  console.warn(`warning: the initial JS is over the ${TARGET_KB} kB gzip target`);
}
