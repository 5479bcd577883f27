import type { Request } from 'express';
import type { Config } from '../config.ts';

const UNSPECIFIED = new Set(['0.0.0.0', '::', '[::]']);

/**
 * The origin links we hand out (reset links) start with, by the rule of the first-admin setup
 * link: PUBLIC_URL when set, else http://HOST:port with the port actually bound. A HOST that binds
 * every address (0.0.0.0, ::) is replaced by the address this request arrived on. Never taken
 * from the Host header, which the client writes.
 */
export function publicOrigin(config: Pick<Config, 'publicUrl' | 'host'>, req: Request): string {
  if (config.publicUrl) return new URL(config.publicUrl).origin;
  const { localAddress, localPort } = req.socket;
  let host = config.host;
  if (UNSPECIFIED.has(host) && localAddress) {
    host =
      localAddress.startsWith('::ffff:') && localAddress.includes('.') ? localAddress.slice(7) : localAddress;
  }
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${bracketed}:${localPort ?? ''}`;
}
