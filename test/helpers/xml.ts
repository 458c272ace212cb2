import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Validates XML (well-formed, or the test fails with the parser's reason) and parses it with attributes. */
export function parseXml(text: string): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`invalid XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: false,
    trimValues: false,
    isArray: (name) => ['item', 'torznab:attr', 'category', 'subcat'].includes(name),
  });
  return parser.parse(text) as Record<string, unknown>;
}

export interface FeedItem {
  title: string;
  guid: { '#text': string; '@_isPermaLink': string };
  link: string;
  comments: string;
  pubDate: string;
  size: string;
  category: string[];
  enclosure: { '@_url': string; '@_length': string; '@_type': string };
  'torznab:attr': { '@_name': string; '@_value': string }[];
}

/** The items of an RSS/Torznab document, with its torznab attributes as a name → value map. */
export function feedItems(xml: string): (FeedItem & { attrs: Map<string, string[]> })[] {
  const doc = parseXml(xml) as { rss: { channel: { item?: FeedItem[] } } };
  return (doc.rss.channel.item ?? []).map((item) => {
    const attrs = new Map<string, string[]>();
    for (const a of item['torznab:attr']) attrs.set(a['@_name'], [...(attrs.get(a['@_name']) ?? []), a['@_value']]);
    return { ...item, attrs };
  });
}
