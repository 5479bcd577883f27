import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import * as Y from 'yjs';
import type { ApiClient, ApiResponse } from './api.ts';
import { eventually } from './collab.ts';
import type { Editor } from './review.ts';

/** A camera-like JPEG: 64×48 pixels, EXIF with a camera serial and GPS, orientation 6 (rotate 90°). */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Canon', Model: 'EOS 5D', Software: 'Firmware 1.1' },
      IFD2: { BodySerialNumber: 'SERIAL-0042-XYZ', DateTimeOriginal: '2024:05:01 10:00:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '43/1 39/1 1234/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '79/1 23/1 0/1',
      },
    })
    .toBuffer();
}

export function png(width = 32, height = 32): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

/** `POST /api/pages/:id/images` as a browser form sends it (real multipart, from FormData). */
export async function uploadImage(
  client: ApiClient,
  pageId: string,
  file: Uint8Array | null,
  fields: Record<string, string> = {
    consent: 'no_identifiable_patient',
    licence: 'own work',
    attribution: '',
  },
  filename = 'photo.jpg',
  type = 'image/jpeg',
): Promise<ApiResponse> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file)], { type }), filename);
  const res = await fetch(`${client.baseUrl}/api/pages/${pageId}/images`, {
    method: 'POST',
    headers: client.cookie ? { cookie: client.cookie } : {},
    body: form,
  });
  const text = await res.text();
  const body: unknown = res.headers.get('content-type')?.includes('application/json')
    ? JSON.parse(text)
    : text;
  return { status: res.status, body: body as Record<string, unknown>, headers: res.headers };
}

/** `GET /api/images/:id` as bytes. */
export async function fetchImage(
  client: ApiClient,
  id: string,
): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${client.baseUrl}/api/images/${id}`, {
    headers: client.cookie ? { cookie: client.cookie } : {},
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** Appends an image block to the live draft through the real collaboration client; waits until stored. */
export async function appendImage(
  editor: Editor,
  imageId: string,
  alt: string,
  blockId = `img-${Math.random().toString(36).slice(2, 10)}`,
): Promise<string> {
  const el = new Y.XmlElement('image');
  el.setAttribute('id', blockId);
  el.setAttribute('imageId', imageId);
  el.setAttribute('alt', alt);
  const frag = editor.collab.doc.getXmlFragment('default');
  frag.insert(frag.length, [el]);
  await eventually(async () => {
    const res = await editor.api.get<{ doc: unknown }>(`/api/pages/${editor.pageId}/content?version=draft`);
    if (!JSON.stringify(res.body.doc).includes(blockId)) throw new Error('image not stored yet');
  });
  return blockId;
}

/** Files under `DATA_DIR/images` (blobs and any leftover temporary file). */
export function storedBlobs(dataDir: string): string[] {
  try {
    return readdirSync(join(dataDir, 'images')).sort();
  } catch {
    return [];
  }
}

/**
 * A real decompression bomb: a valid 1-bit greyscale PNG of `side`×`side` pixels, all black, whose
 * deflated pixels are tiny (30000² is 112 MB of rows in about 110 kB of file).
 */
export function pngBomb(side = 30000): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(side / 8)) * side);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
