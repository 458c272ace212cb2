import type { PeerInfo } from '../../../core/api/index.js';
import { formatPercent, formatSpeed } from '../model/format.js';

function flagsOf(p: PeerInfo): string {
  const f = p.flags;
  const parts = [
    f.amInterested && !f.peerChoking ? 'downloading from' : f.amInterested ? 'waiting for' : '',
    f.peerInterested && !f.amChoking ? 'uploading to' : f.peerInterested ? 'choked' : '',
  ];
  return parts.filter(Boolean).join(', ') || 'idle';
}

export function PeersTab({ peers }: { peers: readonly PeerInfo[] }) {
  if (peers.length === 0) return <p className="empty">No peers connected right now.</p>;
  return (
    <table className="data" data-testid="peers-table">
      <thead>
        <tr>
          <th scope="col">Client</th>
          <th scope="col">Address</th>
          <th scope="col">Transport</th>
          <th scope="col" className="num">
            Has
          </th>
          <th scope="col" className="num">
            Down
          </th>
          <th scope="col" className="num">
            Up
          </th>
          <th scope="col">Exchange</th>
        </tr>
      </thead>
      <tbody>
        {peers.map((p) => (
          <tr key={p.id}>
            <td>{p.client || 'unknown'}</td>
            <td>{p.address ?? '—'}</td>
            <td>{p.transport === 'webrtc' ? 'WebRTC' : 'TCP'}</td>
            <td className="num">{formatPercent(p.progress)}</td>
            <td className="num">{formatSpeed(p.downloadSpeed)}</td>
            <td className="num">{formatSpeed(p.uploadSpeed)}</td>
            <td>{flagsOf(p)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
