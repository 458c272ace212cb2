/**
 * XML text and attribute escaping. Characters XML 1.0 forbids outright (most C0 controls,
 * U+FFFE/U+FFFF, lone surrogates) cannot be escaped at all, so they become U+FFFD: a feed must
 * always parse, whatever a description contains.
 */
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding the characters XML cannot carry is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeXml(text: string | number): string {
  return String(text)
    .replace(NOT_XML, '\ufffd')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** `<name a="v">text</name>`, escaped; `undefined` attributes are left out. */
export function element(
  name: string,
  attributes: Record<string, string | number | undefined>,
  text?: string | number,
): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return text === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${escapeXml(text)}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
