// Accessibility: axe-core (WCAG 2.1 A/AA, contrast included) finds no serious or critical problem in
// any state of the app; every control is reached with Tab, shows a visible focus ring and has a
// name; the before/after divider moves with the arrow keys.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, expectRestored, SAMPLE_PATH } from './fixtures/app';

const problems: string[] = [];

/** Runs axe-core on the page as it is; serious and critical findings are collected for the end. */
async function axe(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of violations) console.log(`[${state}] ${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
  problems.push(...violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${state}: ${v.id} (${v.nodes.length})`));
}

/** Tabs through the page; for each focused control: its name and whether a focus ring shows. */
async function tabThrough(page: Page, max = 80) {
  const seen: { name: string; ring: boolean; tag: string }[] = [];
  await page.locator('body').focus();
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const ring = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
      const labelled = el.getAttribute('aria-label') || (el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent) || el.closest('label')?.textContent || el.textContent || el.getAttribute('title');
      return { name: (labelled ?? '').trim(), ring, tag: `${el.tagName.toLowerCase()}${el.dataset.testid ? '#' + el.dataset.testid : ''}`, key: el.outerHTML.slice(0, 80) };
    });
    if (!info) continue;
    if (seen.some((s) => s.tag === info.tag && s.name === info.name)) break; // wrapped around
    seen.push(info);
  }
  return seen;
}

test('no serious axe violations; every control reachable by Tab, named, with a visible focus', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await axe(page, 'empty');
  await app.upload(SAMPLE_PATH);
  await expect(page.getByTestId('photo-meta')).toBeVisible();
  await app.paint([[230, 175], [285, 172]], 512, 512);
  await axe(page, 'editor');

  const controls = await tabThrough(page);
  console.log(controls.map((c) => `${c.tag} "${c.name.slice(0, 30)}" ring=${c.ring}`).join('\n'));
  const names = controls.map((c) => c.tag);
  for (const id of ['tool-brush', 'brush-size', 'undo', 'clear', 'grow-by', 'grow', 'shrink', 'invert', 'overlay-visible', 'overlay-color', 'overlay-opacity', 'open-shortcuts', 'restore', 'imagine', 'seed', 'hold-original']) {
    expect(names.some((n) => n.endsWith(`#${id}`)), `${id} is reachable with Tab`).toBe(true);
  }
  const unnamed = controls.filter((c) => !c.name).map((c) => c.tag);
  const ringless = controls.filter((c) => !c.ring).map((c) => c.tag);
  expect.soft(unnamed, 'controls without a name').toEqual([]);
  expect.soft(ringless, 'controls without a visible focus').toEqual([]);

  // The crop box by keyboard: Tab to the editor, C for the crop tool, arrows move it, - shrinks it.
  expect(names).toContain('div#editor');
  await page.getByTestId('editor').focus();
  await page.keyboard.press('c');
  const c0 = await app.crop();
  await page.keyboard.press('-');
  const c1 = await app.crop();
  expect(c1.size).toBeLessThan(c0.size);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('ArrowDown');
  expect(await app.crop()).toEqual({ x: c1.x - 9, y: c1.y + 1, size: c1.size });
  await page.keyboard.press('b');

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  await axe(page, 'shortcuts dialog');
  await page.keyboard.press('Escape');

  // (Enter from the editor restores: e2e/editor.spec.ts. After this dialog round trip it did not
  // start a run in this test; not understood yet, so the button is used here.)
  await app.clickRestore();
  await expectRestored(page);
  await axe(page, 'compare');

  // The divider: focus it with the keyboard and move it with the arrows.
  const handle = page.getByTestId('ba-handle');
  await handle.focus();
  const before = Number(await handle.getAttribute('aria-valuenow'));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(before + 4);
  await page.keyboard.press('Home');
  await expect(handle).toHaveAttribute('aria-valuenow', '0');
  await page.keyboard.press('End');
  await expect(handle).toHaveAttribute('aria-valuenow', '100');
  await page.keyboard.press('ArrowLeft');
  await expect(handle).toHaveAttribute('aria-valuenow', '98');
  await app.shot('a11y-01-divider-focused.png');
  expect(problems, 'serious or critical axe violations').toEqual([]);
});
