// The `tasklane` command (bundled to dist/tasklane.js with a shebang by build.mjs).
import { readCliEnv } from './env';
import { runCli } from './run';

// `tasklane ls | head -1` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), readCliEnv(), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
