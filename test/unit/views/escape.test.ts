import fc from 'fast-check';
import {
  codeBlock, escapeMrkdwn, inlineCode, mention, plainText, sanitize, truncate, truncateStart,
} from '../../../src/slack/views/escape';

describe('mention', () => {
  it('mentions a well-formed Slack user id, and no one for anything else', () => {
    expect(mention('U0ALICE', 'someone')).toBe('<@U0ALICE>');
    expect(mention('W0ENTERPRISE', 'someone')).toBe('<@W0ENTERPRISE>');
    for (const forged of ['!channel', 'U0X>|<!here', 'u0alice', 'C0GENERAL', '', undefined]) {
      expect(mention(forged, 'someone')).toBe('someone');
    }
  });
});

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123|x>', '&lt;@U123|x&gt;'],
    ['<http://x|y>', '&lt;http://x|y&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt; already', '&amp;lt; already'],
  ])('makes %s display as typed', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it('keeps non-ASCII text', () => {
    expect(escapeMrkdwn('模拟 Ünïcödé 🚀')).toBe('模拟 Ünïcödé 🚀');
  });

  it('bounds the escaped length without cutting an entity', () => {
    const out = escapeMrkdwn('&'.repeat(100), 23);
    expect(out.length).toBeLessThanOrEqual(23);
    expect(out).toMatch(/^(&amp;)+…$/);
  });
});

describe('sanitize', () => {
  it('drops control and bidi characters, keeps newlines, turns tabs into spaces', () => {
    expect(sanitize('a\u0007b\u001bc\u202Ed\u2066e\tf\r\ng\u0085')).toBe('abcde f\ng');
  });

  it('replaces a lone surrogate instead of producing invalid UTF-16', () => {
    expect(sanitize('x\uD800y')).toBe('x\uFFFDy');
    expect(sanitize('🚀')).toBe('🚀');
  });
});

describe('inlineCode', () => {
  it('wraps text in one code span that backticks and newlines cannot end', () => {
    expect(inlineCode('*bold* _x_ ~s~ `code`')).toBe('`*bold* _x_ ~s~ ˋcodeˋ`');
    expect(inlineCode('two\nlines')).toBe('`two lines`');
  });

  it('escapes markup inside the span too', () => {
    expect(inlineCode('<!channel>')).toBe('`&lt;!channel&gt;`');
  });

  it('renders blank text as a dash instead of an empty span', () => {
    expect(inlineCode('')).toBe('—');
    expect(inlineCode('  \n ')).toBe('—');
  });

  it('never exceeds its bound, never leaves a raw < or >, always exactly one span', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 8, max: 300 }), (text, max) => {
      const out = inlineCode(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[<>\n]/);
      if (out !== '—') {
        expect(out.startsWith('`') && out.endsWith('`')).toBe(true);
        expect(out.split('`').length).toBe(3);
      }
    }));
  });
});

describe('codeBlock', () => {
  it('keeps lines, neutralises fences, escapes markup', () => {
    expect(codeBlock('error: <@U1>\n```\nmore')).toBe('```error: &lt;@U1&gt;\nˋˋˋ\nmore```');
  });

  it('keeps the head or the tail when cut', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    const head = codeBlock(text, 100);
    const tail = codeBlock(text, 100, 'tail');
    expect(head.length).toBeLessThanOrEqual(100);
    expect(tail.length).toBeLessThanOrEqual(100);
    expect(head).toMatch(/^```line 0\n/);
    expect(head).toMatch(/…```$/);
    expect(tail).toMatch(/^```…/);
    expect(tail).toMatch(/line 999```$/);
  });

  it('says when there is nothing to show', () => {
    expect(codeBlock('\n \n')).toBe('```(empty)```');
  });
});

describe('truncate', () => {
  it('does not split a surrogate pair', () => {
    expect(truncate('🚀🚀🚀🚀', 3)).toBe('🚀🚀…');
    expect(truncateStart('🚀🚀🚀🚀', 3)).toBe('…🚀🚀');
  });

  it('leaves short text alone', () => {
    expect(truncate('abc', 3)).toBe('abc');
  });
});

describe('plainText', () => {
  it('keeps characters as they are (plain_text is never parsed) but strips controls and newlines', () => {
    expect(plainText('Job <1>\n\u0007x', 150)).toBe('Job <1> x');
    expect(plainText('', 10)).toBe('—');
  });
});
