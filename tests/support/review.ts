import type { ApiClient } from './api.ts';
import { connectCollab, eventually, waitSynced, type CollabClient } from './collab.ts';
import * as Y from 'yjs';

/** Draft text as the server has stored it. */
export async function draftText(client: ApiClient, pageId: string): Promise<string> {
  return (await client.get<string>(`/api/pages/${pageId}/content?version=draft&format=text`)).body;
}

/** An editing session for one person on one page, through the real y-websocket client. */
export class Editor {
  private constructor(
    readonly api: ApiClient,
    readonly pageId: string,
    readonly collab: CollabClient,
  ) {}

  static async open(api: ApiClient, wsUrl: string, pageId: string): Promise<Editor> {
    const collab = connectCollab(wsUrl, pageId, api.cookie);
    await waitSynced(collab);
    return new Editor(api, pageId, collab);
  }

  /** Appends a paragraph and waits until the server stored it. */
  async append(text: string): Promise<void> {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(text)]);
    const frag = this.collab.doc.getXmlFragment('default');
    frag.insert(frag.length, [p]);
    await this.stored(text);
  }

  /** Replaces the text of the n-th paragraph and waits until stored. */
  async rewrite(index: number, text: string): Promise<void> {
    const el = this.collab.doc.getXmlFragment('default').get(index);
    if (!(el instanceof Y.XmlElement)) throw new Error(`no paragraph ${index}`);
    const t = el.get(0);
    if (!(t instanceof Y.XmlText)) throw new Error('no text');
    this.collab.doc.transact(() => {
      t.delete(0, t.length);
      t.insert(0, text);
    });
    await this.stored(text);
  }

  private async stored(text: string): Promise<void> {
    await eventually(async () => {
      if (!(await draftText(this.api, this.pageId)).includes(text)) throw new Error('not stored yet');
    });
  }

  close(): void {
    this.collab.destroy();
  }
}
