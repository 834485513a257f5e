/**
 * True when a string holds a control character (U+0000–U+001F, U+007F). PostgreSQL text cannot
 * hold NUL at all (the query fails), and no id, slug or filter Keyward issues contains any.
 */
export function hasControlCharacter(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
