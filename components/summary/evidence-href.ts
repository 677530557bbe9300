// Where an answer's "See the evidence" link goes from the page it is shown on. Pure (tested).

/**
 * Where "See the evidence" goes from `page`: the answer's own link, except that a link to the
 * page itself points at `evidenceAnchor` below the card, and an Overview anchor ("#findings")
 * seen from another page goes to the Overview.
 */
export function evidenceHref(link: string | undefined, page: string, evidenceAnchor?: string): string | undefined {
  if (!link) return undefined;
  if (link === page) return evidenceAnchor ? `#${evidenceAnchor}` : undefined;
  if (link.startsWith('#') && page !== '/') return `/${link}`;
  return link;
}
