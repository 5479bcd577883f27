/** Version 1 of the guidelines, written for Rounds; the admin replaces it with the school's own. */
export const DEFAULT_GUIDELINES_MARKDOWN = `# Professional conduct on Rounds

Rounds is a professional space. What you write here is read by classmates, faculty and, once
reviewed, by every learner of the school. Please keep to these points.

## Patient confidentiality
- Never write anything that could identify a patient: names, dates of birth, record or health
  card numbers, addresses, photos of faces or of screens, rare details that point to one person.
- Describe cases in general terms. If in doubt, leave it out and ask your supervisor.
- Do not take screenshots or photos of patient records, and do not paste them here.

## Respect
- Discuss ideas, not people. Comments are for improving the page, not for judging its authors.
- No harassment, discrimination or mocking of patients, colleagues or other professions.

## Personal and professional accounts
- Use Rounds with your school account only. Keep your personal social media separate, and do
  not share Rounds content there.

## Copyright
- Write in your own words. Cite your sources; use images only when their licence allows it.

## Report concerns
- If you see patient information, unprofessional conduct, copied material or inaccurate content,
  use **Report**. Faculty review every report.
`;
