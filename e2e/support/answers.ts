import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Answering a response item (Pass / Fail / N/A and the like) the way a crew does: the item is a
 * group named by its label, each response a button (its name ends in "(required)" on a
 * required item). Shared by the specs that run the seeded pre-trip checklist.
 */
export const responseItem = (page: Page, label: string): Locator => page.getByRole('group', { name: label, exact: true });

/** The whole item: its label, tags ("Required", "Flagged"), buttons and messages. */
export const responsePart = (page: Page, label: string): Locator => page.locator('.response-part').filter({ has: responseItem(page, label) });

export const responseButton = (page: Page, label: string, response: string): Locator =>
  responseItem(page, label).getByRole('button', { name: new RegExp(`^${response}( \\(required\\))?$`) });

/** Tap `response` on the item and wait until it shows as chosen. */
export async function answer(page: Page, label: string, response = 'Pass'): Promise<void> {
  const button = responseButton(page, label, response);
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

export async function expectAnswer(page: Page, label: string, response = 'Pass'): Promise<void> {
  await expect(responseButton(page, label, response)).toHaveAttribute('aria-pressed', 'true');
}

export async function expectUnanswered(page: Page, label: string): Promise<void> {
  await expect(responseItem(page, label).getByRole('button', { pressed: true })).toHaveCount(0);
}

/** The seeded pre-trip checklist (version 2) asks which vehicle first; the run is named by it. */
export const PRETRIP_VEHICLE = 'Vehicle or unit number';

/** The seeded pre-trip checklist's required items, in the order it shows them. */
export const PRETRIP_REQUIRED = [
  'Tyres inflated, no cuts or bulges, tread above 1.5 mm',
  'Wheel nuts present and indicators aligned',
  'Headlights, indicators, brake and reversing lights work',
  'Mirrors and windscreen clean and undamaged',
  'No fluid leaks under the vehicle',
  'Engine oil between min and max',
  'Coolant level correct (check cold)',
  'Seatbelts latch and retract',
  'Service and park brake hold',
  'Horn and reversing alarm sound',
  'Wipers clear the screen',
  'Fire extinguisher tagged within 6 months',
] as const;
