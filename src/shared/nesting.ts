/**
 * How deep a document nests, measured without recursion, so a body nested thousands deep is
 * refused before anything walks it recursively (a validator, an error message builder).
 * @module
 */

/** The deepest nesting any request body may have: arrays and objects inside each other. */
export const MAX_NESTING = 64;

/**
 * The nesting depth of JSON text (brackets outside strings), stopping once it passes `stopAfter`.
 * Malformed text is measured as far as it goes; the parser reports it.
 */
export function jsonTextDepth(text: string, stopAfter = MAX_NESTING): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 /* [ */ || ch === 123 /* { */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAfter) return deepest;
      }
    } else if (ch === 93 /* ] */ || ch === 125 /* } */) depth--;
  }
  return deepest;
}

/** The nesting depth of a parsed value (arrays and plain objects), stopping once it passes `stopAfter`. */
export function valueDepth(value: unknown, stopAfter = MAX_NESTING): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (top.value === null || typeof top.value !== "object") continue;
    const depth = top.depth + 1;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAfter) return deepest;
    }
    const children = Array.isArray(top.value) ? top.value : Object.values(top.value);
    for (const child of children)
      if (child !== null && typeof child === "object") stack.push({ value: child, depth });
  }
  return deepest;
}
