import type { types } from '@slack/bolt';
import { plainText, truncate } from './escape';
import { SLACK_LIMITS } from './limits';

export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ActionsBlock = types.ActionsBlock;
export type ContextBlock = types.ContextBlock;
export type HeaderBlock = types.HeaderBlock;
export type Button = types.Button;
export type ConfirmationDialog = types.ConfirmationDialog;
export type MrkdwnElement = types.MrkdwnElement;

/**
 * What every view returns: blocks for clients that render them and a plain `text` that
 * notifications, screen readers and old clients show instead.
 */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/**
 * The small builders below take text that is already mrkdwn-safe (escaped by the caller)
 * and only enforce Slack's size limits, so a view cannot produce a payload Slack refuses.
 */
export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

/**
 * A header. plain_text is shown as typed and never parsed for mentions or links, so only
 * controls are stripped; pass our own words and validated names (ids, cluster names).
 */
export function header(text: string): HeaderBlock {
  return { type: 'header', text: { type: 'plain_text', text: plainText(text, SLACK_LIMITS.headerText), emoji: true } };
}

export function section(text: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = { type: 'section', text: mrkdwn(text) };
  return accessory ? { ...block, accessory } : block;
}

/** A section of label/value pairs that Slack lays out in two columns (one on narrow screens). */
export function fieldsSection(fields: readonly string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields.slice(0, SLACK_LIMITS.sectionFields).map((f) => mrkdwn(f, SLACK_LIMITS.fieldText)),
  };
}

export function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t, SLACK_LIMITS.contextText)),
  };
}

export function actions(buttons: readonly Button[], blockId?: string): ActionsBlock {
  const block: ActionsBlock = { type: 'actions', elements: buttons.slice(0, SLACK_LIMITS.actionsElements) };
  return blockId ? { ...block, block_id: blockId } : block;
}

export interface ButtonSpec {
  readonly text: string;
  readonly actionId: string;
  /** Already encoded by ids.ts; at most 2,000 characters. */
  readonly value?: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmationDialog;
}

/**
 * A button; its label is our own text.
 * @throws RangeError when `value` exceeds Slack's 2,000 characters (a bug in the caller:
 *   values come from ids.ts encoders, which check it first).
 */
export function button(spec: ButtonSpec): Button {
  if (spec.value !== undefined && spec.value.length > SLACK_LIMITS.buttonValue) {
    throw new RangeError(`Button value of ${spec.value.length} characters exceeds Slack's limit`);
  }
  return {
    type: 'button',
    text: { type: 'plain_text', text: plainText(spec.text, SLACK_LIMITS.buttonText), emoji: true },
    action_id: spec.actionId,
    ...(spec.value !== undefined ? { value: spec.value } : {}),
    ...(spec.style ? { style: spec.style } : {}),
    ...(spec.confirm ? { confirm: spec.confirm } : {}),
  };
}

/** The "Are you sure?" dialog Slack shows before sending a destructive action. `text` is mrkdwn-safe. */
export function confirmDialog(title: string, text: string, confirm: string, deny = 'Keep it'): ConfirmationDialog {
  return {
    title: { type: 'plain_text', text: plainText(title, SLACK_LIMITS.confirmTitle) },
    text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.confirmText) },
    confirm: { type: 'plain_text', text: plainText(confirm, SLACK_LIMITS.confirmButton) },
    deny: { type: 'plain_text', text: plainText(deny, SLACK_LIMITS.confirmButton) },
    style: 'danger',
  };
}

/**
 * Packs lines into as few sections as fit Slack's 3,000 characters each (a single
 * over-long line is cut). Lines stay whole, so no entity or code span is split.
 * With `maxSections`, lines that would need more sections are left out: `shown` says how
 * many made it, so the view can say how many were cut.
 */
export function packLines(
  lines: readonly string[],
  maxSections: number = SLACK_LIMITS.blocksPerMessage,
  max: number = SLACK_LIMITS.sectionText,
): { sections: SectionBlock[]; shown: number } {
  const sections: SectionBlock[] = [];
  let current = '';
  let shown = 0;
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current !== '' && current.length + 1 + line.length > max) {
      if (sections.length + 1 >= maxSections) break;
      sections.push(section(current));
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
    shown++;
  }
  if (current !== '') sections.push(section(current));
  return { sections, shown };
}

/** The message `text`, kept short: notifications show the first line or two. */
export function fallbackText(...parts: string[]): string {
  return truncate(parts.filter((p) => p !== '').join(' '), 3000);
}
