import type { Page } from 'playwright-core';

/** One piece of text whose contrast is below what it needs. */
export interface ContrastFailure {
  text: string;
  ratio: number;
  colour: string;
  background: string;
}

/**
 * WCAG 2 contrast of every visible text in the page, from the rendered colours
 * (`getComputedStyle`): the text's colour (SVG text: its fill) against the background it sits
 * on, semi-transparent backgrounds composited over their ancestors'. Disabled controls are
 * exempt, as WCAG allows. Returns the texts below `minimum` (4.5:1 for AA body text).
 */
export async function contrastFailures(page: Page, minimum = 4.5): Promise<{ checked: number; failures: ContrastFailure[] }> {
  // The test runner's compiler names inner functions through a `__name` helper the page lacks.
  await page.evaluate('window.__name = window.__name || ((f) => f)');
  return page.evaluate((min) => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(value);
      if (!m) return [0, 0, 0, 0];
      const parts = m[1].split(/[,\s/]+/).filter(Boolean).map(Number);
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number): number => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const luminance = ([r, g, b]: Rgba): number => {
      const lin = (c: number): number => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = element; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
      // The page itself: white where nothing is painted, as a browser shows it.
      let colour: Rgba = [255, 255, 255, 1];
      for (const layer of layers.reverse()) colour = over(layer, colour);
      return colour;
    };
    const exempt = (element: Element): boolean => {
      for (let e: Element | null = element; e; e = e.parentElement) {
        if ((e as HTMLButtonElement).disabled || e.getAttribute('aria-disabled') === 'true') return true;
        if (getComputedStyle(e).visibility === 'hidden') return true;
      }
      return false;
    };
    const failures: { text: string; ratio: number; colour: string; background: string }[] = [];
    let checked = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const element = node.parentElement;
      if (!text || !element || exempt(element)) continue;
      // Not rendered (collapsed section, hidden): nothing to read.
      if (element.getClientRects().length === 0 || (element instanceof HTMLElement && element.offsetParent === null && getComputedStyle(element).position !== 'fixed' && !(element instanceof SVGElement))) continue;
      if (getComputedStyle(element).fontFamily.includes('codicon')) continue;
      const style = getComputedStyle(element);
      const fg = parse(element instanceof SVGElement ? style.fill : style.color);
      const bg = backgroundOf(element);
      const shown = over(fg, bg);
      const [l1, l2] = [luminance(shown), luminance(bg)].sort((a, b) => b - a);
      const ratio = (l1 + 0.05) / (l2 + 0.05);
      checked++;
      if (ratio < min) failures.push({ text: text.slice(0, 60), ratio: Math.round(ratio * 100) / 100, colour: style.color, background: `rgba(${bg.map((x) => Math.round(x * 100) / 100).join(', ')})` });
    }
    return { checked, failures };
  }, minimum);
}
