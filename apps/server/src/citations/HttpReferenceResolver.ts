import { DomainError, type CslItem, type ReferenceResolver } from '@rounds/domain';

export interface ResolverOptions {
  enabled: boolean;
  doiUrl: string;
  pmidUrl: string;
  allowedHosts: string[];
  timeoutMs: number;
}

/** Largest response read from a lookup service. */
const MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Looks a DOI or PMID up as CSL-JSON (DOI content negotiation at doi.org; NCBI's citation
 * exporter for PMIDs). Off by default. When on, every request and every redirect must stay on the
 * allowlisted hosts, over https unless the host is local, within a timeout and a size cap.
 */
export class HttpReferenceResolver implements ReferenceResolver {
  constructor(private readonly options: ResolverOptions) {}

  async resolve(identifier: string): Promise<CslItem> {
    if (!this.options.enabled) {
      throw new DomainError(
        'lookup_unavailable',
        'Online lookup is turned off on this server; paste the reference instead',
      );
    }
    const doi = /10\.\d{4,9}\/\S+/.exec(identifier)?.[0];
    const pmid = /^(?:pmid:\s*)?(\d{1,9})$/i.exec(identifier.trim())?.[1];
    if (!doi && !pmid)
      throw new DomainError('validation_failed', 'Give a DOI (10.xxxx/…) or a PMID (digits)');
    const url = doi ? this.options.doiUrl + encodeURI(doi) : this.options.pmidUrl + pmid;
    const body = await this.fetchAllowed(url);
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      throw new DomainError('lookup_failed', 'The lookup service did not return CSL-JSON');
    }
    const item = Array.isArray(data) ? (data[0] as unknown) : data;
    if (typeof item !== 'object' || item === null)
      throw new DomainError('lookup_failed', 'Nothing found for this identifier');
    return item as CslItem;
  }

  private async fetchAllowed(start: string): Promise<string> {
    let url = new URL(start);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      this.assertAllowed(url);
      let res: Response;
      try {
        res = await fetch(url, {
          redirect: 'manual',
          signal,
          headers: { accept: 'application/vnd.citationstyles.csl+json, application/json' },
        });
      } catch {
        throw new DomainError('lookup_failed', 'The lookup service did not answer in time');
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      if (res.status === 404) throw new DomainError('lookup_failed', 'Nothing found for this identifier');
      if (!res.ok) throw new DomainError('lookup_failed', `The lookup service answered ${res.status}`);
      return readCapped(res);
    }
    throw new DomainError('lookup_failed', 'Too many redirects');
  }

  private assertAllowed(url: URL): void {
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (
      !this.options.allowedHosts.includes(url.hostname.toLowerCase()) ||
      (url.protocol !== 'https:' && !local)
    ) {
      throw new DomainError('lookup_failed', `Lookup refused: ${url.hostname} is not an allowed host`);
    }
  }
}

async function readCapped(res: Response): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new DomainError('lookup_failed', 'The lookup answer is too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
