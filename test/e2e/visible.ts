/** The `value` of the first button with this action id in a message's blocks. */
export function buttonValue(blocks: unknown[] | undefined, actionId: string, near?: string): string | undefined {
  for (const block of blocks ?? []) {
    const b = block as { text?: { text?: string }; accessory?: { action_id?: string; value?: string }; elements?: { action_id?: string; value?: string }[] };
    if (b.accessory?.action_id === actionId && (near === undefined || b.text?.text?.includes(near))) return b.accessory.value;
    const element = b.elements?.find((e) => e.action_id === actionId);
    if (element && near === undefined) return element.value;
  }
  return undefined;
}
