import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';

export interface GuardOptions {
  /** The address the daemon listens on, as configured ('127.0.0.1', '::', '192.168.1.5'). */
  host: string;
  port: number;
  /** The address people open when a proxy is in front or a LAN name is used (--public-url). */
  publicUrl?: string;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * DNS rebinding and CSRF checks (daemon-protocol.md). A page of evil.example whose name was
 * rebound to 127.0.0.1 reaches the daemon with `Host: evil.example:9091`: only names the daemon
 * is reached by pass. A page of another site sends its own `Origin`: only the daemon's own passes.
 */
export class RequestGuard {
  private readonly fixedHosts: Set<string>;
  private readonly publicOrigin: string | undefined;

  constructor(private readonly options: GuardOptions) {
    const names = [...LOOPBACK_NAMES, ...(WILDCARDS.has(options.host) ? [] : [bracketed(options.host)])];
    this.fixedHosts = new Set(names.flatMap((name) => this.withPort(name)));
    if (options.publicUrl !== undefined) {
      const url = new URL(options.publicUrl);
      this.fixedHosts.add(url.host.toLowerCase());
      this.publicOrigin = url.origin;
    }
  }

  /** Why the request is refused (for the 403's message), or undefined when it may go on. */
  refusal(headers: IncomingHttpHeaders): string | undefined {
    const host = headers.host?.toLowerCase();
    if (host === undefined || !this.allowsHost(host)) {
      return `the Host header ${shown(headers.host)} does not name this daemon (see --public-url)`;
    }
    const origin = headers.origin;
    if (origin !== undefined && origin !== `http://${host}` && origin !== this.publicOrigin) {
      return `requests from another site (Origin ${shown(origin)}) are refused`;
    }
    return undefined;
  }

  private allowsHost(host: string): boolean {
    if (this.fixedHosts.has(host)) return true;
    // Bound to every address: any of this machine's current addresses names it (they may change).
    if (!WILDCARDS.has(this.options.host)) return false;
    const ipv6 = this.options.host !== '0.0.0.0';
    return interfaceAddresses(ipv6).some((address) => this.withPort(address).includes(host));
  }

  /** `name:port`, and the bare name too on port 80, where browsers leave the port out. */
  private withPort(name: string): string[] {
    const port = this.options.port;
    return port === 80 ? [name, `${name}:80`] : [`${name}:${port}`];
  }
}

function interfaceAddresses(ipv6: boolean): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && (ipv6 || info.family === 'IPv4'))
    .map((info) => bracketed(info!.address));
}

function bracketed(address: string): string {
  const lower = address.toLowerCase();
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

function shown(value: string | undefined): string {
  return value === undefined ? '(none)' : JSON.stringify(value.slice(0, 100));
}
