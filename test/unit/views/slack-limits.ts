import type { types } from '@slack/bolt';
import type { SlackMessage } from '../../../src/slack/views/blocks';

type Text = { type: string; text: string };
type Any = Record<string, unknown>;

/**
 * Walks every block and element of a message and fails on anything Slack would reject
 * (limits as documented for Block Kit messages), so every view test can call it.
 */
export function expectWithinSlackLimits(message: SlackMessage): void {
  expect(typeof message.text).toBe('string');
  expect(message.text.trim().length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(40000);
  expect(message.blocks.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  const blockIds = message.blocks.map((b) => b.block_id).filter((id): id is string => id !== undefined);
  expect(new Set(blockIds).size).toBe(blockIds.length);
  for (const block of message.blocks) checkBlock(block);
}

function checkText(text: Text | undefined, max: number, where: string): void {
  if (text === undefined) return;
  if (text.text.length < 1 || text.text.length > max) {
    throw new Error(`${where}: text of ${text.text.length} characters (limit ${max}): ${text.text.slice(0, 80)}`);
  }
}

function checkButton(button: types.Button, where: string): void {
  checkText(button.text, 75, `${where} button text`);
  expect(button.action_id).toBeDefined();
  expect((button.action_id ?? '').length).toBeLessThanOrEqual(255);
  if (button.value !== undefined) expect(button.value.length).toBeLessThanOrEqual(2000);
  if (button.confirm) {
    checkText(button.confirm.title as Text, 100, `${where} confirm title`);
    checkText(button.confirm.text as Text, 300, `${where} confirm text`);
    checkText(button.confirm.confirm as Text, 30, `${where} confirm button`);
    checkText(button.confirm.deny as Text, 30, `${where} deny button`);
  }
}

function checkBlock(block: types.KnownBlock): void {
  switch (block.type) {
    case 'header':
      expect(block.text.type).toBe('plain_text');
      checkText(block.text, 150, 'header');
      return;
    case 'section': {
      if (block.text === undefined && block.fields === undefined) throw new Error('section without text or fields');
      checkText(block.text as Text | undefined, 3000, 'section');
      const fields = block.fields ?? [];
      expect(fields.length).toBeLessThanOrEqual(10);
      fields.forEach((f, i) => checkText(f as Text, 2000, `section field ${i}`));
      if (block.accessory) checkButton(block.accessory as types.Button, 'section accessory');
      return;
    }
    case 'context':
      expect(block.elements.length).toBeGreaterThan(0);
      expect(block.elements.length).toBeLessThanOrEqual(10);
      block.elements.forEach((e, i) => checkText(e as Text, 3000, `context element ${i}`));
      return;
    case 'actions': {
      expect(block.elements.length).toBeGreaterThan(0);
      expect(block.elements.length).toBeLessThanOrEqual(25);
      const ids = block.elements.map((e) => (e as unknown as Any)['action_id']);
      expect(new Set(ids).size).toBe(ids.length);
      block.elements.forEach((e, i) => checkButton(e as types.Button, `actions element ${i}`));
      return;
    }
    case 'divider':
      return;
    default:
      throw new Error(`unexpected block type ${block.type}`);
  }
}

/** Every piece of text a reader could see: the fallback, block texts, fields, buttons, confirms. */
export function allTexts(message: SlackMessage): string[] {
  const out = [message.text];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === 'object') {
      const record = value as Any;
      if ((record['type'] === 'mrkdwn' || record['type'] === 'plain_text') && typeof record['text'] === 'string') {
        out.push(record['text']);
      }
      Object.values(record).forEach(visit);
    }
  };
  visit(message.blocks);
  return out;
}

/** The mrkdwn a reader sees, as one string (fallback text included). */
export function visibleText(message: SlackMessage): string {
  return allTexts(message).join('\n');
}

/** Buttons of a message, wherever they sit (actions blocks and section accessories). */
export function buttons(message: SlackMessage): types.Button[] {
  const out: types.Button[] = [];
  for (const block of message.blocks) {
    if (block.type === 'actions') out.push(...(block.elements as types.Button[]));
    if (block.type === 'section' && block.accessory?.type === 'button') out.push(block.accessory);
  }
  return out;
}

/**
 * Fails if any `<` survives other than our own date tokens (`<!date^…>`): that is what would
 * turn untrusted text into a mention, a channel ping or a link.
 */
export function expectNoSlackMarkupFromData(message: SlackMessage): void {
  for (const text of allTexts(message)) {
    const withoutOurTokens = text.replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[0-9: -]+UTC>/g, '');
    expect(withoutOurTokens).not.toMatch(/[<>]/);
  }
}
