// The environment the browser suite reads: where Chromium is (CHROMIUM_PATH, default Debian's).
export function chromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  return configured === undefined || configured === '' ? '/usr/bin/chromium' : configured;
}
