import { type Scan, WEB } from './scan.ts';
import { PUNCT, WORD } from './tokenize.ts';

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;
const URL_CHAR = /[^\s<>"'`{}|\\^[\]]/;
const MAX_URL = 2048;

/**
 * Emails: from each "@", at most 64 characters back and 255 forward over the allowed characters.
 * Each scan stops at the previous/next "@", so the total work is linear.
 */
function findEmails(scan: Scan): void {
  const { text } = scan;
  let at = text.indexOf('@');
  while (at >= 0) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL.test(text.charAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at < 255 && DOMAIN.test(text.charAt(end))) end++;
    // Trailing dots and hyphens end the sentence, not the domain.
    while (end > at + 1 && '.-'.includes(text.charAt(end - 1))) end--;
    const domain = text.slice(at + 1, end);
    const dot = domain.lastIndexOf('.');
    if (start < at && dot > 0 && /^[A-Za-z]{2,24}$/.test(domain.slice(dot + 1))) {
      scan.addRange('email', start, end, WEB);
    }
    at = text.indexOf('@', Math.max(end, at + 1));
  }
}

/** Paths and hosts that point at records or workstations, not at public guidance. */
const RECORD_URL =
  /patient|mrn|chart|record|encounter|emr|ehr|pacs|epic|cerner|meditech|dicom|accession|intranet|internal|localhost|\.local\b|\.lan\b|\.corp\b|\.hosp\b|[?&;](id|pid|pt|mrn|ptid|patientid)=/i;
const IP_HOST = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(:\d+)?$/;

function recordUrl(url: string): boolean {
  const host = url.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/, 1)[0] ?? '';
  if (IP_HOST.test(host) || !host.includes('.')) return true;
  return RECORD_URL.test(url);
}

/** URLs from "http(s)://", "ftp://" or "www." to the next space; only record/workstation ones count. */
function findUrls(scan: Scan): void {
  const { tokens, text } = scan;
  let covered = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.type !== WORD || t.start < covered) continue;
    const scheme =
      (t.lower === 'http' || t.lower === 'https' || t.lower === 'ftp') && text.startsWith('://', t.end);
    const www = t.lower === 'www' && tokens[i + 1]?.type === PUNCT && tokens[i + 1]?.text === '.';
    if (!scheme && !www) {
      bareUrl(scan, i);
      continue;
    }
    let end = t.end;
    while (end < text.length && end - t.start < MAX_URL && URL_CHAR.test(text.charAt(end))) end++;
    while (end > t.end && '.,;:!?)'.includes(text.charAt(end - 1))) end--;
    covered = end;
    const url = text.slice(t.start, end);
    if (recordUrl(url)) scan.addRange('url', t.start, end, WEB);
  }
}

const BARE_URL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+(:\d{1,5})?\/[^\s]*$/i;

/** "emr.hospital.local/patient/123" without a scheme: one check per whitespace-delimited chunk. */
function bareUrl(scan: Scan, i: number): void {
  const { tokens, text } = scan;
  const t = tokens[i];
  if (!t || !t.space || tokens[i + 1]?.text !== '.' || tokens[i + 1]?.space) return;
  let end = t.end;
  while (end < text.length && end - t.start < MAX_URL && URL_CHAR.test(text.charAt(end))) end++;
  while (end > t.end && '.,;:!?)'.includes(text.charAt(end - 1))) end--;
  const chunk = text.slice(t.start, end);
  if (BARE_URL.test(chunk) && recordUrl(chunk)) scan.addRange('url', t.start, end, WEB);
}

export function findWebIdentifiers(scan: Scan): void {
  findEmails(scan);
  findUrls(scan);
}
