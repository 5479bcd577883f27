import type { JSONContent } from '@tiptap/core';

const p = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] });
/** A paragraph ending in a citation of the page's demo references (by index, resolved when seeding). */
const pc = (text: string, ...refs: number[]): JSONContent => ({
  type: 'paragraph',
  content: [
    { type: 'text', text },
    { type: 'citation', attrs: { refIds: refs.map((i) => `demo-ref:${i}`) } },
  ],
});
const h = (level: number, text: string): JSONContent => ({
  type: 'heading',
  attrs: { level },
  content: [{ type: 'text', text }],
});
const ul = (...items: string[]): JSONContent => ({
  type: 'bulletList',
  content: items.map((t) => ({ type: 'listItem', content: [p(t)] })),
});

export interface DemoPage {
  title: string;
  author: 'student1' | 'student2' | 'student3' | 'faculty1';
  doc: JSONContent;
  /** BibTeX of the page's references; cited in `doc` as `demo-ref:<index>`. */
  references?: string;
  /** Where the page stands in review after seeding, and who reviewed it. */
  review: {
    state: 'published' | 'pending' | 'changes_requested';
    reviewer: 'faculty1' | 'faculty2';
    comment: string;
  };
}

/** Realistic teaching pages (no patient data) for the demo database. */
export const DEMO_PAGES: DemoPage[] = [
  {
    title: 'Community-acquired pneumonia',
    author: 'student1',
    references: `@article{lim2003,
  author = {Lim, W S and van der Eerden, M M and Laing, R and Boersma, W G and Karalus, N and Town, G I and Lewis, S A and Macfarlane, J T},
  title = {Defining community acquired pneumonia severity on presentation to hospital: an international derivation and validation study},
  journal = {Thorax}, year = {2003}, volume = {58}, number = {5}, pages = {377--382}, doi = {10.1136/thorax.58.5.377}
}
@article{lim2009,
  author = {Lim, W S and Baudouin, S V and George, R C and Hill, A T and Jamieson, C and Le Jeune, I and others},
  title = {BTS guidelines for the management of community acquired pneumonia in adults: update 2009},
  journal = {Thorax}, year = {2009}, volume = {64}, number = {Suppl 3}, pages = {iii1--iii55}, doi = {10.1136/thx.2009.121434}
}`,
    review: {
      state: 'published',
      reviewer: 'faculty1',
      comment: 'Accurate and in line with current guidance.',
    },
    doc: {
      type: 'doc',
      content: [
        h(2, 'Overview'),
        p(
          'Community-acquired pneumonia (CAP) is an acute infection of the lung parenchyma acquired outside hospital. Streptococcus pneumoniae remains the most common bacterial cause.',
        ),
        h(2, 'Assessment'),
        pc(
          'Severity scores such as CURB-65 support, but do not replace, clinical judgement about where to treat.',
          0,
        ),
        ul(
          'Confusion',
          'Urea above 7 mmol/L',
          'Respiratory rate of 30 per minute or more',
          'Blood pressure below 90 systolic or 60 diastolic',
          'Age 65 or older',
        ),
        h(2, 'Management'),
        pc(
          'Low-severity CAP is usually treated with oral amoxicillin for 5 days; review at 48 to 72 hours.',
          1,
        ),
      ],
    },
  },
  {
    title: 'Diabetic ketoacidosis',
    author: 'student2',
    references: `@article{dhatariya2022,
  author = {Dhatariya, Ketan K},
  title = {The management of diabetic ketoacidosis in adults: an updated guideline from the Joint British Diabetes Society for Inpatient Care},
  journal = {Diabet Med}, year = {2022}, volume = {39}, number = {6}, pages = {e14788}, doi = {10.1111/dme.14788}
}`,
    review: { state: 'pending', reviewer: 'faculty1', comment: '' },
    doc: {
      type: 'doc',
      content: [
        h(2, 'Definition'),
        pc(
          'Diabetic ketoacidosis (DKA) is defined by ketonaemia of 3 mmol/L or more, blood glucose above 11 mmol/L or known diabetes, and bicarbonate below 15 mmol/L or venous pH below 7.3.',
          0,
        ),
        h(2, 'Initial management'),
        ul(
          'Fluid resuscitation with 0.9% sodium chloride',
          'Fixed-rate intravenous insulin infusion at 0.1 units/kg/hour',
          'Hourly capillary glucose and ketones',
          'Potassium replacement guided by serum levels',
        ),
        p(
          'Look for and treat the precipitating cause: infection, missed insulin doses and new diagnosis are the most common.',
        ),
      ],
    },
  },
  {
    title: 'Atrial fibrillation',
    author: 'student3',
    review: {
      state: 'changes_requested',
      reviewer: 'faculty2',
      comment: 'Please add the thresholds for starting anticoagulation and cite the guideline.',
    },
    doc: {
      type: 'doc',
      content: [
        h(2, 'Overview'),
        p(
          'Atrial fibrillation is the most common sustained arrhythmia. It raises the risk of stroke roughly fivefold.',
        ),
        h(2, 'Stroke prevention'),
        p(
          'Estimate stroke risk with CHA2DS2-VASc and bleeding risk with a structured tool; direct oral anticoagulants are first-line for most eligible patients.',
        ),
        h(2, 'Rate or rhythm'),
        p(
          'Rate control with a beta-blocker suits most patients; rhythm control is considered for symptomatic patients and those with a reversible cause.',
        ),
      ],
    },
  },
  {
    title: 'Approach to the acutely unwell patient',
    author: 'faculty1',
    review: { state: 'published', reviewer: 'faculty2', comment: 'Clear and safe.' },
    doc: {
      type: 'doc',
      content: [
        p(
          'Use a structured ABCDE approach: airway, breathing, circulation, disability, exposure. Treat problems as you find them and reassess after every intervention.',
        ),
        p('Call for help early. Communicate with a structured handover such as SBAR.'),
      ],
    },
  },
];
