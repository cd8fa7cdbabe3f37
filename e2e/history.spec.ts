// Undo history is capped (100 steps) and the editor says so when the cap is reached.
import { expect, test } from '@playwright/test';
import { AppPage, SAMPLE_PATH } from './fixtures/app';

test('the undo history is capped at 100 steps and says so', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('?ep=wasm');
  await app.upload(SAMPLE_PATH);
  await expect(page.getByTestId('history-cap')).toHaveCount(0);
  for (let i = 0; i < 101; i++) await app.paint([[100 + (i % 30) * 10, 100 + Math.floor(i / 30) * 40], [105 + (i % 30) * 10, 110 + Math.floor(i / 30) * 40]], 512, 512);
  expect(await app.strokeCount()).toBe(101);
  await expect(page.getByTestId('history-cap')).toContainText('Undo keeps the last 100 steps');
  for (let i = 0; i < 100; i++) await page.getByTestId('undo').click();
  // The oldest stroke is beyond the cap: it stays, and Undo has nothing left.
  expect(await app.strokeCount()).toBe(1);
  await expect(page.getByTestId('undo')).toBeDisabled();
  await expect(page.getByTestId('history-cap')).toHaveCount(0);
});
