// citation-js ships no type declarations; this covers the small surface Rounds uses.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: Record<string, unknown>[];
    format(
      type: 'bibliography',
      options?: { template?: string; format?: 'text' | 'html'; lang?: string },
    ): string;
  }
  export const logger: { level: string };
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
