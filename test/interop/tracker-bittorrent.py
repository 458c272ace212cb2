"""Two libtorrent sessions (a seeder and a leecher) on 127.0.0.1 exchange one file through a tracker.

Usage: python3 tracker-bittorrent.py <tracker announce URL> <work dir> <data file name>
The data file must already be in <work dir>/seed/. Prints one JSON line; exit 0 once the leecher
has the whole file, 1 on timeout. DHT, LSD, UPnP and NAT-PMP are off: the tracker is the only
way the two sessions can find each other.
"""
import json
import os
import sys
import time

import libtorrent as lt

TIMEOUT_S = 60


def session():
    return lt.session({
        'listen_interfaces': '127.0.0.1:0',
        'enable_dht': False,
        'enable_lsd': False,
        'enable_upnp': False,
        'enable_natpmp': False,
        'allow_multiple_connections_per_ip': True,
        'ssrf_mitigation': False,
        'enable_outgoing_utp': False,
        'enable_incoming_utp': False,
        'alert_mask': lt.alert.category_t.all_categories,
    })


def make_torrent(url, seed_dir, name):
    fs = lt.file_storage()
    lt.add_files(fs, os.path.join(seed_dir, name))
    ct = lt.create_torrent(fs, 16384)
    ct.add_tracker(url)
    lt.set_piece_hashes(ct, seed_dir)
    return lt.torrent_info(lt.bencode(ct.generate()))


def main():
    url, work, name = sys.argv[1:4]
    seed_dir = os.path.join(work, 'seed')
    leech_dir = os.path.join(work, 'leech')
    os.makedirs(leech_dir, exist_ok=True)
    info = make_torrent(url, seed_dir, name)
    seeder, leecher = session(), session()
    s = seeder.add_torrent({'ti': info, 'save_path': seed_dir})
    log = []
    deadline = time.time() + TIMEOUT_S
    # Let the seeder's announce land first, so the leecher's reply already names it.
    while time.time() < deadline and not any(isinstance(a, lt.tracker_reply_alert) for a in seeder.pop_alerts()):
        time.sleep(0.1)
    h = leecher.add_torrent({'ti': lt.torrent_info(info), 'save_path': leech_dir})
    while time.time() < deadline:
        for ses, who in ((seeder, 'seeder'), (leecher, 'leecher')):
            for a in ses.pop_alerts():
                if isinstance(a, (lt.tracker_reply_alert, lt.tracker_error_alert, lt.peer_connect_alert)):
                    log.append(f'{who}: {a.message()}')
        st = h.status()
        if st.is_seeding:
            print(json.dumps({'ok': True, 'seconds': round(TIMEOUT_S - (deadline - time.time()), 2), 'log': log[-10:]}))
            return 0
        time.sleep(0.2)
    print(json.dumps({'ok': False, 'progress': h.status().progress, 'seeder': str(s.status().state), 'log': log[-20:]}))
    return 1


if __name__ == '__main__':
    sys.exit(main())
