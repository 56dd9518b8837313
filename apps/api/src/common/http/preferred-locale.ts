/**
 * The language a person reads the portal in, from the request's Accept-Language (the SPA sends its UI language
 * there). Only Japanese and English exist; the highest-weighted of the two wins, Japanese when neither is asked for.
 */
export function preferredLocale(acceptLanguage: string | undefined): 'ja' | 'en' {
  const ranked = (acceptLanguage ?? '').split(',').map((entry, index) => {
    const [tag = '', ...params] = entry.trim().split(';');
    const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
    return { language: tag.trim().toLowerCase().split('-')[0], weight: q === undefined ? 1 : Number(q), index };
  }).filter((entry) => (entry.language === 'ja' || entry.language === 'en') && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.language === 'en' ? 'en' : 'ja';
}
