import { z } from 'zod';
import { cleanDisplayText } from './schemas.ts';

/** What the uploader attests about the people in an image (CONTRACT, Images). */
export const IMAGE_CONSENTS = ['no_identifiable_patient', 'consent_on_file'] as const;
export type ImageConsent = (typeof IMAGE_CONSENTS)[number];

/** The licences an image may be uploaded under, spelt as the form sends and the audit stores them. */
export const IMAGE_LICENCES = ['CC-BY', 'CC-BY-SA', 'CC0', 'own work', 'used with permission'] as const;
export type ImageLicence = (typeof IMAGE_LICENCES)[number];

export const IMAGE_LIMITS = {
  /** Largest upload, bytes (larger: 413 too_large). */
  fileMax: 10 * 1024 * 1024,
  attributionMax: 500,
  /** Alt text of an image node, characters (attributeLimits.ts holds the document bound). */
  altMax: 1000,
  /** Image ids in documents: server-made UUIDs, at most this long, of `[A-Za-z0-9_-]`. */
  idMax: 64,
} as const;

/** The form fields of `POST /api/pages/:id/images` besides the file. */
export const ImageAttestation = z
  .object({
    consent: z.enum(IMAGE_CONSENTS, { error: 'consent must be no_identifiable_patient or consent_on_file' }),
    licence: z.enum(IMAGE_LICENCES, {
      error: `licence must be one of: ${IMAGE_LICENCES.join(', ')}`,
    }),
    attribution: z
      .string()
      .max(IMAGE_LIMITS.attributionMax * 4)
      .default('')
      .transform((raw, ctx) => {
        if (raw.trim() === '') return '';
        const cleaned = cleanDisplayText(raw, IMAGE_LIMITS.attributionMax);
        if (cleaned.ok) return cleaned.value;
        ctx.addIssue({ code: 'custom', message: `attribution ${cleaned.message}` });
        return z.NEVER;
      }),
  })
  .strict();
export type ImageAttestation = z.infer<typeof ImageAttestation>;

/** `201` answer of an upload. */
export interface UploadedImageView {
  id: string;
  url: string;
  width: number;
  height: number;
  sha256: string;
}
