import type { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import {
  compileJsonSchema,
  type JsonSchemaRegexOptions,
  jsonSchemaRegexTree,
  sampleRegex,
} from '../src/constraints/json-schema/index.js';
import { seededRng } from '../src/sampling/seeded-rng.js';

/** A schema to compile, with valid instances (in the form the options ask for) that the regex must match. */
export interface SchemaCase {
  name: string;
  schema: unknown;
  valid?: string[];
  options?: JsonSchemaRegexOptions;
}

/** Strings sampled per schema. */
export const SAMPLES = 300;

/**
 * Soundness and completeness of one case: 300 strings sampled from the compiled regex tree all parse and validate
 * (against ajv, an independent validator) and match the rendered regex; every valid example matches it too.
 */
export function checkSchemaCase(c: SchemaCase, seed: number, ajv: Ajv2020): void {
  const tree = jsonSchemaRegexTree(c.schema, c.options);
  const source = compileJsonSchema(c.schema, c.options);
  const whole = new RegExp(`^(?:${source})$`, 'u');
  const validate = ajv.compile(c.schema as object | boolean);
  const rng = seededRng(seed);
  for (let i = 0; i < SAMPLES; i++) {
    const text = sampleRegex(tree, rng);
    let value: unknown;
    expect(() => {
      value = JSON.parse(text);
    }, text).not.toThrow();
    if (!validate(value)) expect.fail(`${text} fails the schema: ${ajv.errorsText(validate.errors)}`);
    expect(whole.test(text), `rendered regex rejects ${text}`).toBe(true);
  }
  for (const text of c.valid ?? []) {
    expect(validate(JSON.parse(text)), `example ${text} is not valid itself`).toBe(true);
    expect(whole.test(text), `regex rejects valid ${text}`).toBe(true);
  }
}
