import { mentionedNames, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it.each([
    ['**強調**と*斜体*', '<p><strong>強調</strong>と<em>斜体</em></p>'],
    ['一行目\n二行目', '<p>一行目<br />\n二行目</p>'],
    ['> 引用です', '<blockquote>\n<p>引用です</p>\n</blockquote>'],
    ['`code`', '<p><code>code</code></p>'],
  ])('renders %j', (source, html) => {
    expect(renderMarkdown(source).html).toBe(html);
  });

  // Dangerous input may survive as visible text; it must never become markup.
  const UNSAFE_MARKUP = [/<script/i, /<(img|iframe|div|svg|object|embed)\b/i, /<[^>]*\son\w+\s*=/i, /<[^>]*\sstyle\s*=/i, /<a\b[^>]*href\s*=\s*"?\s*(javascript|data|vbscript):/i];
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[click](javascript:alert(1))',
    '[click](JAVASCRIPT:alert(1))',
    '[click](  javascript:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '[x](vbscript:msgbox)',
    '<svg onload=alert(1)>',
    '[x](java&#x09;script:alert(1))',
  ])('never turns %j into unsafe markup', (source) => {
    const { html } = renderMarkdown(source);
    for (const pattern of UNSAFE_MARKUP) expect(html).not.toMatch(pattern);
  });

  it('marks external links nofollow ugc noopener', () => {
    expect(renderMarkdown('[公式](https://example.com/news)').html).toBe(
      '<p><a href="https://example.com/news" rel="nofollow ugc noopener">公式</a></p>',
    );
    expect(renderMarkdown('https://example.com').html).toContain('rel="nofollow ugc noopener"');
  });

  it('gives plain text for search', () => {
    expect(renderMarkdown('# 新曲\n\n**最高**の<b>ライブ</b> & more').text).toBe('新曲\n最高の<b>ライブ</b> & more');
  });
});

describe('mentionedNames', () => {
  it.each([
    ['@さくら ありがとう', ['さくら']],
    ['こんにちは @haruto と @さくら と @haruto', ['haruto', 'さくら']],
    ['mail me: fan@example.com', []],
    ['`@code` is not a mention', []],
    ['```\n@block\n```\n@real', ['real']],
    ['(@ゆい)', ['ゆい']],
    ['@ソウタ.', ['ソウタ']],
  ])('finds the mentions in %j', (source, names) => {
    expect(mentionedNames(source)).toEqual(names);
  });
});
