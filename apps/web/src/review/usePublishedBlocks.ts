import { useEffect, useState } from 'react';
import { fetchPublishedBlocks } from './reviewApi.ts';
import type { PublishedBlocks } from './reviewTypes.ts';

/** Block hashes of the page's published revision, loaded again whenever another revision is published. */
export function usePublishedBlocks(
  pageId: string,
  publishedRevisionId: string | null,
): PublishedBlocks | null {
  const [blocks, setBlocks] = useState<PublishedBlocks | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetchPublishedBlocks(pageId, controller.signal).then(setBlocks, () => {
      // Without them the editor marks nothing and the header shows the server's count.
      if (!controller.signal.aborted) setBlocks(null);
    });
    return () => controller.abort();
  }, [pageId, publishedRevisionId]);

  return blocks;
}
