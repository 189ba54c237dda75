import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote',
    'ul', 'ol', 'li', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:\/\//i.test(attribs.href ?? '') ? { ...attribs, rel: 'nofollow ugc noopener' } : { ...attribs, rel: 'nofollow' },
    }),
  },
};

export interface RenderedBody {
  html: string;
  /** Plain text for search and snippets. */
  text: string;
}

/**
 * Markdown → HTML that is safe to put in a page: raw HTML is not interpreted, the result is
 * sanitised against an allow-list (no scripts, handlers, styles or `javascript:` links), and
 * external links get `rel="nofollow ugc noopener"`.
 */
export function renderMarkdown(source: string): RenderedBody {
  const html = sanitizeHtml(markdown.render(source), SANITIZE).trim();
  const text = sanitizeHtml(html.replace(/<\/(p|li|h\d|blockquote|pre|tr)>|<br\s*\/?>/g, '$&\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{2,}/g, '\n')
    .trim();
  return { html, text };
}

/** `@name` mentions in a Markdown source (outside code), without the `@`. */
export function mentionedNames(source: string): string[] {
  const withoutCode = source.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const names = [...withoutCode.matchAll(/(?:^|[^\p{L}\p{N}_@.])@([\p{L}\p{N}_.\-ー]{1,40})/gu)].map((m) => m[1].replace(/[.\-]+$/, ''));
  return [...new Set(names)];
}
