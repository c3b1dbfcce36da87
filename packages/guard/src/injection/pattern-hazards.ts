/** The largest bound a quantifier may have. */
const MAX_BOUND = 300;
/** The largest bound a quantified group may have when it contains another quantifier. */
const MAX_NESTED_BOUND = 8;

/**
 * Why a rule pattern might not run in linear time, or an empty list. Allowed: bounded quantifiers (`?`, `{m,n}`
 * with n ≤ 300), nested only under small bounds (≤ 8). Refused: `*`, `+`, `{m,}`, large or deeply repeated
 * nesting, and backreferences (which no linear-time engine supports).
 */
export function patternHazards(pattern: RegExp | string): string[] {
  const source = typeof pattern === 'string' ? pattern : pattern.source;
  const hazards: string[] = [];
  // For each open group: whether something inside it is quantified.
  const groups: boolean[] = [];
  let lastAtomWasGroupWithQuantifier = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) hazards.push(`backreference \\${next} at ${i}`);
      if (!inClass && next === 'k' && source[i + 2] === '<') hazards.push(`named backreference at ${i}`);
      i++;
      lastAtomWasGroupWithQuantifier = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      lastAtomWasGroupWithQuantifier = false;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      lastAtomWasGroupWithQuantifier = false;
      continue;
    }
    if (c === ')') {
      const inner = groups.pop() ?? false;
      if (inner && groups.length > 0) groups[groups.length - 1] = true;
      lastAtomWasGroupWithQuantifier = inner;
      continue;
    }
    if (c === '*' || c === '+') {
      hazards.push(`unbounded "${c}" at ${i}`);
      continue;
    }
    if (c === '?' && source[i - 1] === '(') continue; // group modifier, not a quantifier
    if (c === '?' || c === '{') {
      let max = 1;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!m) continue; // a literal brace
        if (m[2] !== undefined && m[3] === '') hazards.push(`unbounded "${m[0]}" at ${i}`);
        max = Number(m[3] || m[1]);
        if (max > MAX_BOUND) hazards.push(`bound ${max} over ${MAX_BOUND} at ${i}`);
        i += m[0].length - 1;
      }
      if (lastAtomWasGroupWithQuantifier && max > MAX_NESTED_BOUND) {
        hazards.push(`nested quantifier with bound ${max} at ${i}`);
      }
      if (groups.length > 0) groups[groups.length - 1] = true;
      if (source[i + 1] === '?') i++; // lazy modifier
      continue;
    }
    lastAtomWasGroupWithQuantifier = false;
  }
  return hazards;
}
