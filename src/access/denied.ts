import { ChatopsError } from '../errors';
import type { Permission, Role } from './roles';

/** Why a request was refused before anything ran; the reply explains it and how to get access. */
export type DenialReason =
  | {
      readonly kind: 'not_mapped';
      readonly cluster: string;
      /** Whether `/slurm link` is on, so the reply can offer it. */
      readonly selfLink: boolean;
      /** The domain whose profile e-mails map users on this cluster, if any. */
      readonly emailDomain?: string;
      /** An identity source could not be asked: try again before asking an admin. */
      readonly lookupFailed: boolean;
    }
  | { readonly kind: 'channel'; readonly cluster: string; readonly channels: readonly string[] }
  | { readonly kind: 'role'; readonly cluster: string; readonly role: Role; readonly permission: Permission };

/** A refusal by access control: NOT_MAPPED for a user without a Unix identity, FORBIDDEN otherwise. */
export class AccessDenied extends ChatopsError {
  constructor(readonly reason: DenialReason) {
    super(reason.kind === 'not_mapped' ? 'NOT_MAPPED' : 'FORBIDDEN', describeDenial(reason));
    this.name = 'AccessDenied';
  }
}

/** One line for logs and for callers that only show the message. */
export function describeDenial(reason: DenialReason): string {
  switch (reason.kind) {
    case 'not_mapped':
      return `Your Slack account is not mapped to a Unix user on ${reason.cluster}.`;
    case 'channel':
      return `The bot does not answer for ${reason.cluster} in this channel.`;
    case 'role':
      return `Your role on ${reason.cluster} (${reason.role}) does not allow this.`;
  }
}
