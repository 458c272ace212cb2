// The anchor: bittorrent-tracker's server with its default options, in its own process.
import { Server } from 'bittorrent-tracker';

const port = Number(process.argv[2]);
const server = new Server();
server.on('error', (/** @type {Error} */ err) => console.error(err.message));
server.on('warning', () => {});
server.listen(port, '127.0.0.1', () => console.log('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
