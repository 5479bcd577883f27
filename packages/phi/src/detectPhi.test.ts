import { describe, expect, it } from 'vitest';
import { detectPhi, detectPhiInBlocks } from './detectPhi.ts';
import type { PhiKind } from './kinds.ts';

/** The identifiers found, as [kind, text] pairs. */
const found = (text: string, allowNames?: string[]): [PhiKind, string][] =>
  detectPhi(text, { allowNames }).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('labelled identifiers', () => {
  it.each([
    ['MRN 12345678', 'medical_record_number', '12345678'],
    ['Medical record number: 00123456', 'medical_record_number', '00123456'],
    ['chart #A1234567', 'medical_record_number', 'A1234567'],
    ['OHIP 1234 567 890', 'health_card_number', '1234 567 890'],
    ['health card number 9876543210 XY', 'health_card_number', '9876543210 XY'],
    ['PHN 9123456789', 'health_card_number', '9123456789'],
    ['SIN 123-456-789', 'national_id', '123-456-789'],
    ['social security number 078-05-1120', 'national_id', '078-05-1120'],
    ['policy number XK-4471-0092', 'insurance_number', 'XK-4471-0092'],
    ['member ID 884422119', 'insurance_number', '884422119'],
    ['cell 416 555 0134', 'phone', '416 555 0134'],
    ['fax: +1 (905) 555-0100', 'phone', '+1 (905) 555-0100'],
    ['pager 4432', 'phone', '4432'],
    ['pacemaker serial number PM-88213-K', 'device_serial', 'PM-88213-K'],
    ["driver's licence S1234-56789-01234", 'drivers_licence', 'S1234-56789-01234'],
    ['licence plate BXRT 482', 'licence_plate', 'BXRT 482'],
    ['moved her to room 412B', 'room_number', '412B'],
  ])('%s', (text, kind, identifier) => {
    expect(found(text)).toEqual([[kind, identifier]]);
  });

  it('flags a labelled SIN even when its checksum fails (a mistyped number still identifies)', () => {
    expect(found('SIN 123 456 780')).toEqual([['national_id', '123 456 780']]);
  });

  it('needs a keyword for a bare digit run', () => {
    expect(found('Enrolled 12345678 participants in 2019; see PMID 31475795.')).toEqual([]);
    expect(found('4165550134')).toEqual([]);
  });

  it('does not take measurements or years after a keyword', () => {
    expect(found('The chart shows 1200 mg daily')).toEqual([]);
    expect(found('Policy updated in 2021')).toEqual([]);
    expect(found('pH 7.35 and bed rest for 3 days')).toEqual([]);
  });
});

describe('identifier shapes', () => {
  it.each([
    ['Call (416) 555-1234 tonight', 'phone', '(416) 555-1234'],
    ['reach her on 613-555-0199', 'phone', '613-555-0199'],
    ['+44 20 7946 0958', 'phone', '+44 20 7946 0958'],
    ['078-05-1120 on the form', 'national_id', '078-05-1120'],
    ['card 130 692 544', 'national_id', '130 692 544'],
    ['1234-567-890-AB', 'health_card_number', '1234-567-890-AB'],
    ['TREM 8551 1234', 'health_card_number', 'TREM 8551 1234'],
    ['Toronto ON M5V 3L9', 'postal_code', 'M5V 3L9'],
    ['Boston, MA 02115', 'postal_code', '02115'],
    ['from workstation 10.12.0.44', 'ip_address', '10.12.0.44'],
    ['write to jane.doe@example.org.', 'email', 'jane.doe@example.org'],
    ['lives at 221B Baker Street', 'street_address', '221B Baker Street'],
    ['14 Maple Cres. near the park', 'street_address', '14 Maple Cres.'],
    ['1234 rue Sainte-Catherine', 'street_address', '1234 rue Sainte-Catherine'],
  ])('%s', (text, kind, identifier) => {
    expect(found(text)).toEqual([[kind, identifier]]);
  });

  it('checks SIN by Luhn and SSN by issued ranges when unlabelled', () => {
    expect(found('130 692 545')).toEqual([]);
    expect(found('666-12-3456 and 123-00-4567')).toEqual([]);
  });

  it('flags URLs that point at records or workstations, not public guidance', () => {
    expect(found('see https://emr.hospital.local/patient/12345')).toEqual([
      ['url', 'https://emr.hospital.local/patient/12345'],
    ]);
    expect(found('http://10.0.0.5/pacs')).toEqual([['url', 'http://10.0.0.5/pacs']]);
    expect(found('See https://www.nice.org.uk/guidance/ng136 and https://doi.org/10.1056/NEJMoa1')).toEqual(
      [],
    );
  });

  it('leaves version numbers and ratios alone', () => {
    expect(found('version 1.2.3.4 of the app; BP 120/80; ratio 3:1; 1.5.2')).toEqual([]);
  });
});

describe('dates', () => {
  it.each([
    'DOB 01/02/1960',
    'born 1960-02-01',
    'seen on 5 March 2024',
    'on March 5, 2024 at noon',
    'admitted 05-Mar-24',
    'the 3rd of June 2021',
    '12.11.2023',
  ])('flags the full date in %s', (text) => {
    expect(found(text).map(([k]) => k)).toEqual(['date']);
  });

  it('flags partial dates tied to a person', () => {
    expect(found('She was admitted on March 5')).toEqual([['date', 'March 5']]);
    expect(found('discharged 03/14')).toEqual([['date', '03/14']]);
  });

  it('leaves years, month-years and guideline dates alone', () => {
    expect(found('In 2019 the ESC guideline changed; by March 2020 most centres agreed.')).toEqual([]);
    expect(found('The guideline was published on 12 March 2019.')).toEqual([]);
    expect(found('Give 3/4 of the dose')).toEqual([]);
    expect(found('You may 5 times')).toEqual([]);
  });
});

describe('ages', () => {
  it('flags one person over 89', () => {
    expect(found('a 92-year-old woman')).toEqual([['age', '92']]);
    expect(found('He is 94 years old')).toEqual([['age', '94']]);
    expect(found('aged 97, lives alone')).toEqual([['age', '97']]);
    expect(found('91 yo M')).toEqual([['age', '91']]);
    expect(found('93yo')).toEqual([['age', '93yo']]);
  });

  it('leaves younger people, thresholds and ranges alone', () => {
    expect(found('a 67-year-old man')).toEqual([]);
    expect(found('patients aged over 90 years; aged 90 and older; ≥90 years; 90+; 85-95 years old')).toEqual(
      [],
    );
  });
});

describe('names in patient context', () => {
  it.each([
    ['Patient John Smith was admitted', 'John Smith'],
    ['We saw Mr. Osei today', 'Osei'],
    ['Mrs O’Brien-Hall', 'O’Brien-Hall'],
    ['Baby girl Nguyen', 'Nguyen'],
    ['her son Daniel visited', 'Daniel'],
    ["the patient's wife, Maria, called", 'Maria'],
    ['Name: Priya Raman', 'Priya Raman'],
    ['Maria presented with chest pain', 'Maria'],
    ['Daniel was admitted overnight', 'Daniel'],
    ['Sarah Connor, 45, complains of pain', 'Sarah Connor'],
  ])('%s', (text, name) => {
    expect(found(text)).toContainEqual(['person_name', name]);
  });

  it('does not flag clinicians, authors or eponyms', () => {
    expect(found('Dr. Osler taught at the bedside; Dr John Smith reviewed it.')).toEqual([]);
    expect(found('Lip GY, Nieuwlaat R. Refining clinical risk stratification. Chest. 2010.')).toEqual([]);
    expect(
      found('Smith et al. showed benefit; James Parkinson described the shaking palsy in 1817.'),
    ).toEqual([]);
    expect(
      found(
        'Crohn disease, Addison disease, Glasgow Coma Scale, Whipple procedure, Wells criteria, Apgar score',
      ),
    ).toEqual([]);
    expect(found('Patient Education and Patient Safety are priorities.')).toEqual([]);
  });

  it('does not flag allowed names (reference authors, Rounds users)', () => {
    expect(found('Mr. Lip reviewed the draft', ['Gregory Y. H. Lip'])).toEqual([]);
    expect(found('patient Maria Garcia', ['Maria Lopez'])).toEqual([['person_name', 'Maria Garcia']]);
  });
});

describe('safe clinical text', () => {
  it('passes doses, lab values, vitals, scores, percentages and trial names', () => {
    const text =
      'Give amoxicillin 500 mg three times daily for 7 days. Na 140 mmol/L, K 4.2 mmol/L, Hb 128 g/L. ' +
      'BP 128/82 mmHg, HR 88 bpm, SpO2 96%. CHA2DS2-VASc 3; HAS-BLED 2; GCS 15. The RE-LY and ' +
      'ARISTOTLE trials (2009, 2011) reduced stroke by 21%. NICE NG136 (2019). Table 2 lists 1,234 cases.';
    expect(found(text)).toEqual([]);
  });
});

describe('findings', () => {
  it('mask the identifier but keep its label and last characters', () => {
    const [mrn, name] = [detectPhi('MRN 12345678')[0], detectPhi('Mr. John Smith')[0]];
    expect(mrn?.excerpt).toBe('MRN ••••5678');
    expect(name?.excerpt).toBe('J••• S••••');
  });

  it('carry the block id', () => {
    const findings = detectPhiInBlocks([
      { blockId: 'b1', text: 'Crohn disease' },
      { blockId: 'b2', text: 'MRN 12345678' },
    ]);
    expect(findings.map((f) => [f.blockId, f.kind])).toEqual([['b2', 'medical_record_number']]);
  });

  it('are deterministic', () => {
    const text = 'Patient John Smith, MRN 12345678, DOB 01/02/1960, phone 416-555-1234.';
    expect(detectPhi(text)).toEqual(detectPhi(text));
    expect(found(text).map(([k]) => k)).toEqual(['person_name', 'medical_record_number', 'date', 'phone']);
  });
});

describe('generalized rules', () => {
  it.each([
    ['KELLY, Patrick J — DOB 12/25/1944', 'person_name', 'KELLY, Patrick J'],
    ['MRN: 00 44 18 27 — Tran, Minh — allergic to penicillin', 'person_name', 'Tran, Minh'],
    ['Emergency contact — Frank Moretti — 289 555 0134', 'person_name', 'Frank Moretti'],
    ['Nguyen Van An, 94, bed 21 on 7 West', 'person_name', 'Nguyen Van An'],
    ['Ms. van der Berg called', 'person_name', 'van der Berg'],
    ['MR. SMITH was seen', 'person_name', 'SMITH'],
    ['pt mary jones seen today', 'person_name', 'mary jones'],
    ['a woman named Rosa Diaz', 'person_name', 'Rosa Diaz'],
    ['Sam, 4, has croup', 'person_name', 'Sam'],
    ['a ninety-two-year-old man', 'age', 'ninety-two'],
    ['she is 99, not 89', 'age', '99'],
    ['M. Tremblay, 96 ans, admis hier', 'age', '96'],
    ['046 454 286 (SIN) on file', 'national_id', '046 454 286'],
    ['Manulife #44-0091-2231 rejected the claim', 'insurance_number', '44-0091-2231'],
    ['Alberta ULI 123456789', 'health_card_number', '123456789'],
    ['ingresó el 5 de mayo de 2024', 'date', '5 de mayo de 2024'],
    ['collected 03JAN2024', 'date', '03JAN2024'],
    ['IPv6 fe80::1ff:fe23:4567:890a', 'ip_address', 'fe80::1ff:fe23:4567:890a'],
    ['open emr.hospital.local/patient/123 now', 'url', 'emr.hospital.local/patient/123'],
    ['302-1188 Howe Street', 'street_address', '302-1188 Howe Street'],
    ['2140 Highway 7', 'street_address', '2140 Highway 7'],
    ['Her cell is 416 555-0199', 'phone', '416 555-0199'],
  ])('%s', (text, kind, identifier) => {
    expect(found(text)).toContainEqual([kind, identifier]);
  });

  it('leaves rooms described as places, code words and thousands alone', () => {
    expect(found('Room 3 is the resuscitation bay; the ICU has 24 beds.')).toEqual([]);
    expect(found('function open(client: CollabClient) {}')).toEqual([]);
    expect(found('BibTeX, 100,000 opening braces')).toEqual([]);
    expect(found('The San Francisco Syncope Rule uses the CHESS mnemonic.')).toEqual([]);
    expect(found('Each patient 2000 IU of vitamin D; patient 3 of 12; Temp 99 F')).toEqual([]);
  });
});
