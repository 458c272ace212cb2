import { readdir, readFile, readlink } from 'node:fs/promises';

/**
 * UDP sockets process `pid` holds, from /proc (Linux; undefined elsewhere). Every live
 * RTCPeerConnection holds one (its ICE agent's), whichever library counts it, so this checks the
 * clients' own counts from outside them; read by the parent, so it costs the client no CPU.
 */
export async function udpSockets(pid: number): Promise<number | undefined> {
  try {
    const udp = new Set<string>();
    for (const table of ['/proc/net/udp', '/proc/net/udp6']) {
      const lines = (await readFile(table, 'utf8')).split('\n').slice(1);
      // Columns: sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
      for (const line of lines) {
        const inode = line.trim().split(/\s+/)[9];
        if (inode) udp.add(inode);
      }
    }
    let count = 0;
    for (const fd of await readdir(`/proc/${pid}/fd`)) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && udp.has(inode)) count++;
    }
    return count;
  } catch {
    return undefined;
  }
}
