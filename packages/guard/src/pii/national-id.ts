import type { GuardSpan } from '../policy/guard-check.js';
import { detectSpanishIds } from './national-id/es-dni.js';
import { detectFrenchNirs } from './national-id/fr-nir.js';
import { detectAadhaars } from './national-id/in-aadhaar.js';
import { detectCodiciFiscali } from './national-id/it-codice-fiscale.js';
import { detectDutchBsns } from './national-id/nl-bsn.js';
import { detectUkNinos } from './national-id/uk-nino.js';
import { detectUsSsns } from './national-id/us-ssn.js';

/**
 * National identity numbers: US SSN (issued ranges), UK NINO (prefix rules), Spanish DNI/NIE (control letter),
 * French NIR (mod-97 key), Italian codice fiscale (control letter), Dutch BSN (11-check, labelled only) and
 * Indian Aadhaar (Verhoeff). Numbers without a check digit or with a weak one need a label nearby when bare.
 */
export function detectNationalIds(text: string): GuardSpan[] {
  return [
    ...detectUsSsns(text),
    ...detectUkNinos(text),
    ...detectSpanishIds(text),
    ...detectFrenchNirs(text),
    ...detectCodiciFiscali(text),
    ...detectDutchBsns(text),
    ...detectAadhaars(text),
  ];
}
