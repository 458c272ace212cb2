import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { RequestGuard } from '../../daemon/guard.js';
import { contentSecurityPolicy } from '../../daemon/headers.js';

const loopback = new RequestGuard({ host: '127.0.0.1', port: 9091 });

describe('daemon Host and Origin guard', () => {
  it('accepts the loopback names with the port, in any case', () => {
    for (const host of ['127.0.0.1:9091', 'localhost:9091', 'LOCALHOST:9091', '[::1]:9091']) {
      expect(loopback.refusal({ host }), host).toBeUndefined();
    }
  });

  it('refuses foreign names, other ports, a missing port and a missing Host', () => {
    for (const host of ['evil.example:9091', 'localhost:9092', 'localhost', '127.0.0.1.evil.example:9091', '']) {
      expect(loopback.refusal({ host }), host).toMatch(/does not name this daemon/);
    }
    expect(loopback.refusal({})).toMatch(/Host header \(none\)/);
  });

  it('accepts the own origin only', () => {
    expect(loopback.refusal({ host: 'localhost:9091', origin: 'http://localhost:9091' })).toBeUndefined();
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:9091', 'https://localhost:9091']) {
      expect(loopback.refusal({ host: 'localhost:9091', origin }), origin).toMatch(/another site/);
    }
  });

  it('names the listen address itself, IPv6 in brackets', () => {
    const lan = new RequestGuard({ host: '192.168.7.9', port: 9091 });
    expect(lan.refusal({ host: '192.168.7.9:9091' })).toBeUndefined();
    const v6 = new RequestGuard({ host: 'FD00::7', port: 9091 });
    expect(v6.refusal({ host: '[fd00::7]:9091', origin: 'http://[fd00::7]:9091' })).toBeUndefined();
  });

  it('on a wildcard address accepts each of this machine’s addresses', () => {
    const any = new RequestGuard({ host: '0.0.0.0', port: 9091 });
    const v4 = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i?.family === 'IPv4')
      .map((i) => i!.address);
    expect(v4.length).toBeGreaterThan(0);
    for (const address of v4) expect(any.refusal({ host: `${address}:9091` }), address).toBeUndefined();
    expect(any.refusal({ host: '203.0.113.77:9091' })).toMatch(/does not name this daemon/);
  });

  it('accepts the public URL’s host and origin behind a proxy, and port-less names on port 80', () => {
    const proxied = new RequestGuard({ host: '127.0.0.1', port: 9091, publicUrl: 'https://Shoal.Example.org/' });
    expect(proxied.refusal({ host: 'shoal.example.org', origin: 'https://shoal.example.org' })).toBeUndefined();
    expect(proxied.refusal({ host: '127.0.0.1:9091', origin: 'https://shoal.example.org' })).toBeUndefined();
    expect(proxied.refusal({ host: 'shoal.example.org', origin: 'https://evil.example' })).toMatch(/another site/);
    const web = new RequestGuard({ host: '127.0.0.1', port: 80 });
    expect(web.refusal({ host: 'localhost' })).toBeUndefined();
  });
});

describe('daemon CSP', () => {
  it('allows only the daemon itself, its WebSocket named for older browsers', () => {
    expect(contentSecurityPolicy('localhost:9091')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self' ws://localhost:9091; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    expect(contentSecurityPolicy('127.0.0.1:9091', 'https://shoal.example.org')).toContain(
      "connect-src 'self' ws://127.0.0.1:9091 wss://shoal.example.org;",
    );
  });
});
