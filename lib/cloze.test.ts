import { describe, expect, it } from 'vitest';
import { clozeRevealed, clozeView } from './cloze';
import { renderRich } from './rich-text';

describe('clozeView', () => {
  it('hides only the asked deletion, with its hint', () => {
    const text = 'H_n ≈ {{c1::$\\ln n$}} + {{c2::$\\gamma$::a constant}}';
    expect(clozeView(text, 1, 'question')).toBe('H_n ≈ **[…]** + $\\gamma$');
    expect(clozeView(text, 2, 'question')).toBe('H_n ≈ $\\ln n$ + **[a constant]**');
    expect(clozeView(text, 2, 'answer')).toBe('H_n ≈ $\\ln n$ + **$\\gamma$**');
    expect(clozeRevealed(text)).toBe('H_n ≈ **$\\ln n$** + **$\\gamma$**');
  });

  it('keeps TeX braces inside a deletion', () => {
    expect(clozeView('p = {{c1::$\\binom{2m}{m}4^{-m}$}}.', 1, 'answer')).toBe('p = **$\\binom{2m}{m}4^{-m}$**.');
  });
});

describe('renderRich', () => {
  it('renders maths with KaTeX and escapes raw HTML', () => {
    const html = renderRich('<script>alert(1)</script> and $x^2$');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('class="katex"');
  });

  it('bolds a cloze gap next to Chinese text (regression: CommonMark left the ** markers)', () => {
    const html = renderRich('因此 **[…]**的可训练参数', { inline: true });
    expect(html).toBe('因此 <strong>[…]</strong>的可训练参数');
    expect(renderRich('**$x^2$**是平方')).toMatch(/<strong><span class="katex">/);
  });

  it('shows a formula KaTeX rejects as escaped source instead of failing', () => {
    expect(renderRich('$\\frac{1}{$ ok', { inline: true })).toContain('tex-error');
  });

  it('does not let \\href or \\htmlClass through (trust is off)', () => {
    expect(renderRich('$\\href{javascript:alert(1)}{x}$')).not.toMatch(/<a\b|href=/);
  });
});
