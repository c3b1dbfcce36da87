/**
 * Letter-spaced words ("i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e"): finding runs of single characters with
 * separator gaps, and splitting a run that has no word gaps back into words.
 */

/** Characters that may separate the letters of a spaced-out word (whitespace is already a plain space here). */
export function isSpacingSeparator(code: number): boolean {
  return (
    code === 0x20 || // space
    code === 0x2e || // .
    code === 0x2d || // -
    code === 0x5f || // _
    code === 0x2a || // *
    code === 0x7e || // ~
    code === 0x2b || // +
    code === 0x7c || // |
    code === 0x2f || // /
    code === 0x2c || // ,
    code === 0xb7 || // ·
    code === 0x2022 // •
  );
}

/** A run of single-character tokens: their positions, and the gap before each token after the first. */
export interface SpacedRun {
  readonly tokens: number[];
  readonly gapStarts: number[];
}

const MAX_GAP = 4;

/**
 * The run of single-character tokens starting at `start` (which must be a one-character token). Walks forward
 * only, so a caller that consumes the whole run stays linear.
 */
export function findSpacedRun(text: string, start: number, isWord: (code: number) => boolean): SpacedRun {
  const tokens = [start];
  const gapStarts: number[] = [];
  let p = start + 1;
  for (;;) {
    let q = p;
    while (q < text.length && q - p < MAX_GAP && isSpacingSeparator(text.charCodeAt(q))) q++;
    if (q === p || q >= text.length || !isWord(text.charCodeAt(q))) break;
    if (q + 1 < text.length && isWord(text.charCodeAt(q + 1))) break;
    gapStarts.push(p);
    tokens.push(q);
    p = q + 1;
  }
  return { tokens, gapStarts };
}

/**
 * Words instructions are made of: used to split a run that was spaced letter by letter, and to choose whether a
 * leetspeak `1` reads as `i` or `l` in a word.
 */
export const VOCABULARY: ReadonlySet<string> = new Set(
  (
    'a an the and or but to of in on at for from with without by as is are was were be been am do does did not no ' +
    'now new all any every each this that these those it its you your me my i we our they their what which who how ' +
    'when where why if then than so also just only please here following below above start starting word words ' +
    'ignore disregard forget override bypass skip previous prior earlier preceding original initial instructions ' +
    'instruction rules rule guidelines prompt prompts system message messages text reveal print show tell output ' +
    'repeat display dump leak say write give list share developer mode dan jailbreak jailbroken enable enabled ' +
    'activate unrestricted unfiltered uncensored restrictions restriction limits filters filter safety policy ' +
    'policies pretend act roleplay role play character evil free anything everything nothing can cannot will must ' +
    'should would could never always answer respond reply send post upload email data password passwords secret ' +
    'secrets key keys token tokens api credentials conversation history chat user users assistant ai model admin ' +
    'root access delete remove files file execute run call tool command commands verbatim hidden confidential ' +
    'internal configuration config exactly full entire whole told given programmed'
  ).split(' '),
);
const MAX_WORD = 14;
const MAX_SEGMENTED = 256;
const UNKNOWN_COST = 3;

/**
 * Where to put spaces in a run of letters written without word gaps ("ignoreallpreviousinstructions"): a minimum
 * cost split into vocabulary words, unknown letters allowed at a higher cost. Returns the offsets (into `letters`)
 * where a new word starts; empty when nothing is known or the run is too long to be worth splitting.
 */
export function segmentWords(letters: string): number[] {
  const n = letters.length;
  if (n < 6 || n > MAX_SEGMENTED) return [];
  const cost = new Float64Array(n + 1);
  const piece = new Int32Array(n + 1); // length of the last piece; negative for an unknown letter
  for (let i = 1; i <= n; i++) {
    cost[i] = cost[i - 1] + UNKNOWN_COST;
    piece[i] = -1;
    for (let len = 1; len <= Math.min(MAX_WORD, i); len++) {
      if (cost[i - len] + 1 < cost[i] && VOCABULARY.has(letters.slice(i - len, i))) {
        cost[i] = cost[i - len] + 1;
        piece[i] = len;
      }
    }
  }
  const starts: number[] = [];
  let known = false;
  for (let i = n; i > 0; ) {
    const len = piece[i];
    if (len > 0) {
      known = true;
      starts.push(i - len);
      i -= len;
    } else {
      // Consecutive unknown letters stay one piece: only split where an unknown stretch meets a word.
      let j = i - 1;
      while (j > 0 && piece[j] < 0) j--;
      starts.push(j);
      i = j;
    }
  }
  if (!known) return [];
  return starts.filter((s) => s > 0).reverse();
}
