/**
 * Bench-only preload for `--cpu-prof`: V8 writes the profile only when the process exits normally,
 * and Nest's shutdown hook ends by sending itself the signal again (death by SIGTERM, no profile).
 * With this listener present that second SIGTERM is not fatal: the process exits on its own once
 * the closed application leaves nothing to do, or after 5 s.
 */
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 5000).unref();
});
