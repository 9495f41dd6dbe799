// Runs dynalite in a child process of the local stack. It listens on a free loopback port,
// reports it on stdout as JSON, and exits when the parent's end of stdin closes, so a killed
// parent never leaves an orphaned emulator holding the data dir.
'use strict';
const dynalite = require('dynalite');

const dir = process.argv[2];
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dir ? { path: dir } : {}) });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
