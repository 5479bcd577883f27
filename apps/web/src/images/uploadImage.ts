import type { ImageAttestation, UploadedImageView } from '@rounds/shared';
import { ApiError } from '../api.ts';

/**
 * `POST /api/pages/:id/images`: the one multipart request of the app (the browser writes the
 * boundary; no JSON content type). Throws `ApiError` with the server's `{error, message}`.
 */
export async function uploadImage(
  pageId: string,
  file: File,
  attestation: ImageAttestation,
): Promise<UploadedImageView> {
  const form = new FormData();
  form.append('consent', attestation.consent);
  form.append('licence', attestation.licence);
  form.append('attribution', attestation.attribution);
  form.append('file', file, file.name || 'image');
  let response: Response;
  try {
    response = await fetch(`/api/pages/${encodeURIComponent(pageId)}/images`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      body: form,
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Cannot reach the server. Check your connection and try again.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body as { error?: unknown; message?: unknown } | null;
    throw new ApiError(
      response.status,
      typeof error?.error === 'string' ? error.error : 'request_failed',
      typeof error?.message === 'string' ? error.message : 'The image could not be uploaded',
    );
  }
  return body as UploadedImageView;
}
