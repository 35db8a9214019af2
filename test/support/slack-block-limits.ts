/**
 * The Block Kit limits that Slack enforces and a bot meets first when its
 * output grows (long squeue listings, many buttons, long modal titles). The
 * fake refuses payloads over them the way Slack does, so a view that would be
 * rejected in production fails the end-to-end tests too.
 *
 * Numbers from Slack's Block Kit reference (blocks, elements, composition
 * objects, views). Only what the bot is likely to hit is checked.
 */

type Json = Record<string, unknown>;

const MAX_BLOCKS = { message: 50, view: 100 } as const;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Problems {
  readonly list: string[] = [];

  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }

  maxLength(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(pointer, `must be less than ${max + 1} characters`);
    }
  }

  textObject(pointer: string, value: unknown, max: number, plainOnly = false): void {
    if (value === undefined) return;
    if (!isObject(value) || typeof value.text !== 'string') {
      this.add(pointer, 'must be a text object');
      return;
    }
    if (plainOnly && value.type !== 'plain_text') this.add(`${pointer}/type`, 'must be plain_text');
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') this.add(`${pointer}/type`, 'unknown text type');
    if (value.text.length === 0) this.add(`${pointer}/text`, 'must be more than 0 characters');
    this.maxLength(`${pointer}/text`, value.text, max);
  }

  maxItems(pointer: string, value: unknown, max: number): void {
    if (Array.isArray(value) && value.length > max) this.add(pointer, `must be no more than ${max} items`);
  }
}

function checkElement(p: Problems, pointer: string, el: unknown): void {
  if (!isObject(el)) {
    p.add(pointer, 'must be an object');
    return;
  }
  p.maxLength(`${pointer}/action_id`, el.action_id, 255);
  switch (el.type) {
    case 'button':
      p.textObject(`${pointer}/text`, el.text, 75, true);
      p.maxLength(`${pointer}/value`, el.value, 2000);
      p.maxLength(`${pointer}/url`, el.url, 3000);
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'overflow':
    case 'radio_buttons':
    case 'checkboxes':
      p.maxItems(`${pointer}/options`, el.options, el.type === 'overflow' ? 5 : el.type === 'checkboxes' ? 10 : 100);
      if (Array.isArray(el.options)) {
        el.options.forEach((o, i) => {
          p.textObject(`${pointer}/options/${i}/text`, isObject(o) ? o.text : undefined, 75);
          p.maxLength(`${pointer}/options/${i}/value`, isObject(o) ? o.value : undefined, 150);
        });
      }
      p.textObject(`${pointer}/placeholder`, el.placeholder, 150, true);
      break;
    case 'plain_text_input':
    case 'number_input':
      p.textObject(`${pointer}/placeholder`, el.placeholder, 150, true);
      p.maxLength(`${pointer}/initial_value`, el.initial_value, 3000);
      break;
    default:
      break;
  }
}

function checkBlock(p: Problems, pointer: string, block: unknown): void {
  if (!isObject(block)) {
    p.add(pointer, 'must be an object');
    return;
  }
  p.maxLength(`${pointer}/block_id`, block.block_id, 255);
  switch (block.type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) p.add(pointer, 'must provide text or fields');
      p.textObject(`${pointer}/text`, block.text, 3000);
      p.maxItems(`${pointer}/fields`, block.fields, 10);
      if (Array.isArray(block.fields)) {
        block.fields.forEach((f, i) => p.textObject(`${pointer}/fields/${i}`, f, 2000));
      }
      if (block.accessory !== undefined) checkElement(p, `${pointer}/accessory`, block.accessory);
      break;
    case 'header':
      p.textObject(`${pointer}/text`, block.text, 150, true);
      break;
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0) p.add(`${pointer}/elements`, 'must provide elements');
      p.maxItems(`${pointer}/elements`, block.elements, 10);
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0) p.add(`${pointer}/elements`, 'must provide elements');
      p.maxItems(`${pointer}/elements`, block.elements, 25);
      if (Array.isArray(block.elements)) block.elements.forEach((e, i) => checkElement(p, `${pointer}/elements/${i}`, e));
      break;
    case 'input':
      p.textObject(`${pointer}/label`, block.label, 2000, true);
      p.textObject(`${pointer}/hint`, block.hint, 2000, true);
      checkElement(p, `${pointer}/element`, block.element);
      break;
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'file':
    case 'markdown':
    case 'video':
      break;
    default:
      p.add(`${pointer}/type`, `unsupported block type: ${String(block.type)}`);
  }
}

/** Problems with `blocks` on a message or a view, in Slack's own message format; empty when valid. */
export function blockProblems(blocks: unknown, surface: 'message' | 'view'): string[] {
  const p = new Problems();
  if (blocks === undefined) return p.list;
  if (!Array.isArray(blocks)) {
    p.add('/blocks', 'must be an array');
    return p.list;
  }
  p.maxItems('/blocks', blocks, MAX_BLOCKS[surface]);
  blocks.forEach((b, i) => checkBlock(p, `/blocks/${i}`, b));
  return p.list;
}

/** Problems with a modal or Home tab view object; empty when valid. */
export function viewProblems(view: unknown): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('/view', 'must be an object');
    return p.list;
  }
  if (view.type !== 'modal' && view.type !== 'home') p.add('/view/type', 'must be modal or home');
  if (view.type === 'modal') {
    p.textObject('/view/title', view.title ?? { type: 'plain_text', text: '' }, 24, true);
    p.textObject('/view/submit', view.submit, 24, true);
    p.textObject('/view/close', view.close, 24, true);
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) p.add('/view/submit', 'is required when the view has input blocks');
  }
  p.maxLength('/view/private_metadata', view.private_metadata, 3000);
  p.maxLength('/view/callback_id', view.callback_id, 255);
  return [...p.list, ...blockProblems(view.blocks, 'view').map((m) => m.replace('[json-pointer:/blocks', '[json-pointer:/view/blocks'))];
}

/** Slack's top-level `text` limit for one message (longer text is refused with `msg_too_long`). */
export const MAX_MESSAGE_TEXT = 40000;
