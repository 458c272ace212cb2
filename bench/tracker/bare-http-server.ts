import { createServer } from 'node:http';

/**
 * The ceiling anchor of `bench:tracker`: plain node:http answering every request with one fixed
 * 60-byte bencoded announce reply (no parsing, no swarm). What Node itself costs under the load,
 * so Shoal can be read as a fraction of it.
 */
const BARE_BODY = 'd8:completei1000e10:incompletei10e8:intervali1800e5:peers0:e';
if (BARE_BODY.length !== 60) throw new Error(`bare body is ${BARE_BODY.length} bytes, not 60`);

const port = Number(process.argv[2]);
const server = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': BARE_BODY.length });
  res.end(BARE_BODY, 'latin1');
});
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
