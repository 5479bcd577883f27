/** Every kind of likely patient identifier the detector reports (HIPAA Safe Harbor, plus Canada). */
export const PHI_KINDS = [
  'person_name',
  'date',
  'age',
  'medical_record_number',
  'health_card_number',
  'insurance_number',
  'national_id',
  'phone',
  'email',
  'street_address',
  'postal_code',
  'url',
  'ip_address',
  'device_serial',
  'licence_plate',
  'drivers_licence',
  'room_number',
] as const;

export type PhiKind = (typeof PHI_KINDS)[number];

/** Human words for a kind ("medical record number"), for tooltips and panels. */
export const phiKindLabel = (kind: string): string => kind.replaceAll('_', ' ');

/** One likely identifier: `start`/`end` index the identifier in the text; `excerpt` is masked. */
export interface PhiFinding {
  kind: PhiKind;
  start: number;
  end: number;
  /** Label kept, identifier masked: "MRN ••••5678", "J••• S••••". Never the raw identifier. */
  excerpt: string;
}

export interface PhiOptions {
  /**
   * Names that are never flagged: the page's reference-list authors, the roster of Rounds users.
   * Full names or single words; compared word by word, case-insensitively.
   */
  allowNames?: Iterable<string>;
}
