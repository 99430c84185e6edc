/** Process entry: wire stdout/stderr and the exit code, nothing else. */
import { main, registerCommand } from './main.js';
import { citeCommand, exportCommand } from './review.js';
import { serveCommand } from './serve.js';

registerCommand('cite', citeCommand);
registerCommand('export', exportCommand);
registerCommand('serve', serveCommand);

// A reader that stops early (`claimtrace analyze --json … | head`) closes the pipe: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const code = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
process.exitCode = code;
