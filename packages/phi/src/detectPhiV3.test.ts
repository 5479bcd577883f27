import { describe, expect, it } from 'vitest';
import { detectPhi, detectPhiInBlocks } from './detectPhi.ts';

const kinds = (text: string): string[] => detectPhi(text).map((f) => f.kind);
const spans = (text: string): string[] => detectPhi(text).map((f) => text.slice(f.start, f.end));

describe('evasions are undone before detection, findings point at the original text', () => {
  it('finds a record number with a zero-width space, soft hyphen or word joiner inside it', () => {
    for (const gap of ['\u200b', '\u00ad', '\u2060', '\ufeff', '\u200d']) {
      const text = `MRN 1234${gap}5678 on the chart.`;
      expect(spans(text)).toEqual([`1234${gap}5678`]);
    }
  });

  it('finds full-width and Arabic-Indic digits, and Unicode spaces between label and number', () => {
    expect(spans('MRN １２３４５６７８')).toEqual(['１２３４５６７８']);
    expect(kinds('MRN\u2003٤٥٦٧٨٩١٢')).toEqual(['medical_record_number']);
    expect(kinds('Call 416\u2009555\u20090199 tonight')).toEqual(['phone']);
  });

  it('reads a label written with Cyrillic or Greek look-alike letters', () => {
    expect(kinds('\u041cRN 12345678')).toEqual(['medical_record_number']); // Cyrillic М
    expect(kinds('\u039cRN: 12345678')).toEqual(['medical_record_number']); // Greek Μ
    expect(kinds('\u041e\u041dIP 1234-567-890-AB')).toEqual(['health_card_number']);
  });

  it('reads record labels written dotted, spaced or glued to the number', () => {
    expect(spans('M.R.N. 12345678')).toEqual(['12345678']);
    expect(spans('S S N 078-05-1120')).toEqual(['078-05-1120']);
    expect(spans('mrn12345678 for the scan')).toEqual(['12345678']);
    expect(detectPhi('The U.S. and U.K. guidelines agree on A B C order.')).toEqual([]);
  });

  it('finds a name split by a zero-width space, mapped back over the invisible character', () => {
    const text = 'Mrs. Oka\u200bfor was seen today.';
    expect(spans(text)).toEqual(['Oka\u200bfor']);
  });

  it('leaves clean text clean (dashes, micro signs, accents)', () => {
    expect(detectPhi('Creatinine 133 µmol/L; 85–95 years; café au lait spots; m² dosing.')).toEqual([]);
  });
});

describe('a name found once is recognised when it comes back bare', () => {
  it('flags the bare surname after "Mrs. Okafor" in the same text', () => {
    expect(spans('Mrs. Okafor had a fall. Okafor was discharged on day 3.')).toEqual(['Okafor', 'Okafor']);
  });

  it('flags the bare surname in a later block', () => {
    const found = detectPhiInBlocks([
      { blockId: 'a', text: 'Patient Amara Okafor, MRN 12345678.' },
      { blockId: 'b', text: 'Okafor remained afebrile overnight.' },
    ]);
    expect(found.filter((f) => f.blockId === 'b').map((f) => f.kind)).toEqual(['person_name']);
  });

  it('leaves "Dr. Okafor", eponyms and ordinary words alone', () => {
    expect(spans('Mrs. Okafor was seen. Dr. Okafor reviewed the films.')).toEqual(['Okafor']);
    expect(spans('Mr. Parkinson was seen. Parkinson disease is common.')).toEqual(['Parkinson']);
    expect(spans('Patient Will Tremblay was seen. Will we need a CT?')).not.toContain('Will');
  });

  it('never flags a bare word without an earlier name finding', () => {
    expect(detectPhi('Okafor was discharged on day 3.')).toEqual([]);
  });
});

describe('v3 name and age contexts', () => {
  it('reads form name fields and labelled ALL-CAPS record lines', () => {
    expect(spans('Family name: NWOSU  Given name: Adaeze')).toEqual(['NWOSU', 'Adaeze']);
    expect(spans('Contact: ABERNATHY, Quillon (brother)')).toContain('ABERNATHY, Quillon');
  });

  it('reads plural relations with joined names, nicknames and lower-case titles', () => {
    expect(spans('with his daughters Ewa and Marta at the bedside')).toEqual(['Ewa', 'Marta']);
    expect(spans('He goes by "Chip" on the ward.')).toEqual(['Chip']);
    expect(spans('bed 2 mr singh, stable')).toContain('singh');
    expect(spans('harpreet kaur dob 1950-02-03')).toContain('harpreet kaur');
  });

  it('reads an age stated by a verb, not a value', () => {
    expect(kinds('Mr. Dube, now 97, walks daily.')).toContain('age');
    expect(kinds('Her grandfather is 94 and lives alone.')).toContain('age');
    expect(kinds('The SpO2 is 92 on room air; heart rate now 96 bpm.')).toEqual([]);
  });
});
