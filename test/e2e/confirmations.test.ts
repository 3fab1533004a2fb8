// Confirmations that ask before something is lost: Cancel has the focus and Enter never confirms
// (a guest's Stop); on a production profile Stop needs the guest's name typed and Shutdown asks
// too; an HA-managed guest's Shutdown asks; and Stop stays available while a Shutdown that the
// guest ignores is running, overruling it.

import { describe, expect, it } from 'vitest';
import { openDemo, useStack, visible, UI_TIMEOUT, type Stack } from './harness';
import { apiGuests, type ApiGuest } from './pve';

const newStack = useStack();

/** A running container HA does not manage, other than `not`. */
async function plainRunningCt(stack: Stack, not: string): Promise<string> {
  const all = (await apiGuests(stack.demo)) as (ApiGuest & { hastate?: string })[];
  const g = all.find(
    (x) =>
      x.type === 'lxc' && x.status === 'running' && !x.hastate && !x.template && x.name !== not,
  );
  if (!g?.name) throw new Error('no running container');
  return g.name;
}

async function openGuest(stack: Stack, name: string) {
  const { page, demo } = stack;
  const g = (await apiGuests(demo)).find((x) => x.name === name);
  if (!g) throw new Error(`no guest ${name}`);
  const tree = page.getByRole('tree', { name: 'Resources' });
  await tree.getByRole('treeitem', { name: `${name} (${String(g.vmid)})`, exact: true }).click();
  const detail = page.getByTestId('guest-detail');
  await visible(detail.getByTestId('guest-status'));
  const toolbar = page.getByRole('toolbar', { name: 'Power actions' });
  return {
    g,
    toolbar,
    path: (a: string) => `POST /api2/json/nodes/${g.node}/${g.type}/${String(g.vmid)}/status/${a}`,
  };
}

const focusedText = (stack: Stack) =>
  stack.page.evaluate(() => document.activeElement?.textContent ?? '');

async function statusOf(stack: Stack, vmid: number): Promise<string | undefined> {
  return (await apiGuests(stack.demo)).find((x) => x.vmid === vmid)?.status;
}

describe('confirmations', () => {
  it('focuses Cancel in a Stop confirmation; Enter does not stop', async () => {
    const stack = await newStack();
    await openDemo(stack);
    const name = await plainRunningCt(stack, 'dns01');
    const { g, toolbar, path } = await openGuest(stack, name);
    await toolbar.getByRole('button', { name: 'Stop' }).click();
    const dialog = stack.page.getByRole('dialog', { name: `Stop CT ${String(g.vmid)} (${name})?` });
    await visible(dialog);
    await expect.poll(() => focusedText(stack), { timeout: UI_TIMEOUT }).toBe('Cancel');
    await stack.page.keyboard.press('Enter');
    await expect.poll(() => dialog.count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(stack.demo.requestCounts().get(path('stop'))).toBeUndefined();
    expect(await statusOf(stack, g.vmid)).toBe('running');
    expect(stack.pageErrors).toEqual([]);
  });

  it('asks for the typed name before Stop on a production profile, and asks before Shutdown', async () => {
    const stack = await newStack();
    const { page, core } = stack;
    await openDemo(stack);
    const [profile] = await core.handlers['profiles.list']();
    await core.handlers['profiles.update']({ profileId: profile!.id, production: true });
    const { g, toolbar, path } = await openGuest(stack, 'dns01');

    // Shutdown asks on a production profile; Cancel leaves the guest alone.
    await toolbar.getByRole('button', { name: 'Shutdown' }).click();
    const ask = page.getByRole('dialog', { name: `Shut down CT ${String(g.vmid)} (dns01)?` });
    await visible(ask);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => ask.count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(stack.demo.requestCounts().get(path('shutdown'))).toBeUndefined();

    await toolbar.getByRole('button', { name: 'Stop' }).click();
    const dialog = page.getByRole('dialog', { name: `Stop CT ${String(g.vmid)} (dns01)?` });
    await visible(dialog);
    const field = dialog.getByTestId('confirm-action-name');
    const confirm = dialog.getByRole('button', { name: 'Stop now' });
    await expect.poll(() => field.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await confirm.isDisabled()).toBe(true);
    await page.keyboard.type('dns0');
    expect(await confirm.isDisabled()).toBe(true);
    await page.keyboard.type('1');
    await expect.poll(() => confirm.isDisabled(), { timeout: UI_TIMEOUT }).toBe(false);
    // Enter in the field does not stop either.
    await page.keyboard.press('Enter');
    await visible(dialog);
    expect(stack.demo.requestCounts().get(path('stop'))).toBeUndefined();
    await confirm.click();
    await expect.poll(() => statusOf(stack, g.vmid), { timeout: UI_TIMEOUT }).toBe('stopped');
    expect(stack.demo.requestCounts().get(path('stop'))).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });

  it('asks before shutting down an HA-managed guest', async () => {
    const stack = await newStack();
    await openDemo(stack);
    const { g, toolbar, path } = await openGuest(stack, 'monitoring');
    await toolbar.getByRole('button', { name: 'Shutdown' }).click();
    const ask = stack.page.getByRole('dialog', {
      name: `Shut down CT ${String(g.vmid)} (monitoring)?`,
    });
    await visible(ask);
    await expect.poll(() => ask.textContent()).toContain('HA manages it');
    await expect.poll(() => focusedText(stack), { timeout: UI_TIMEOUT }).toBe('Cancel');
    await stack.page.keyboard.press('Enter');
    await expect.poll(() => ask.count(), { timeout: UI_TIMEOUT }).toBe(0);
    expect(stack.demo.requestCounts().get(path('shutdown'))).toBeUndefined();
  });

  it('keeps Stop available while a Shutdown the guest ignores is running', async () => {
    const stack = await newStack();
    const { page, demo } = stack;
    await openDemo(stack);
    const name = await plainRunningCt(stack, 'dns01');
    const { g, toolbar, path } = await openGuest(stack, name);
    demo.ignoreShutdown(g.vmid, true);
    await toolbar.getByRole('button', { name: 'Shutdown' }).click();
    // While it runs the other actions wait; Stop does not.
    const reboot = toolbar.getByRole('button', { name: 'Reboot' });
    await expect.poll(() => reboot.isDisabled(), { timeout: UI_TIMEOUT }).toBe(true);
    const stop = toolbar.getByRole('button', { name: 'Stop' });
    expect(await stop.isDisabled()).toBe(false);
    expect(await statusOf(stack, g.vmid)).toBe('running');
    await stop.click();
    const dialog = page.getByRole('dialog', { name: `Stop CT ${String(g.vmid)} (${name})?` });
    await visible(dialog);
    await dialog.getByRole('button', { name: 'Stop now' }).click();
    // Stopped well before the shutdown's 60 s timeout: PVE overruled the shutdown.
    await expect.poll(() => statusOf(stack, g.vmid), { timeout: UI_TIMEOUT }).toBe('stopped');
    expect(demo.requestCounts().get(path('stop'))).toBe(1);
    expect(demo.requestCounts().get(path('shutdown'))).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
