import { defineRule, type InjectionCategory, type InjectionRule } from '../injection-rule.js';

/**
 * Makes a family's rules for other languages, one full-weight rule per language: shared so every multilingual
 * family names its rules `<category>.<code>` and describes them `<Language>: <what is asked>` alike.
 */
export const languageRule =
  (category: InjectionCategory, asks: string) =>
  (code: string, name: string, pattern: string): InjectionRule =>
    defineRule({
      id: `${category}.${code}`,
      category,
      weight: 1,
      languages: [code],
      description: `${name}: ${asks}`,
      pattern,
    });
