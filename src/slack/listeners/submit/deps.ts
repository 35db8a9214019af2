import type { SubmitListenerServices } from '../../../submit/services';
import type { ModalView } from '../../views/submit-modal';
import type { ListenerDeps } from '../deps';

/** The listener deps with the submit services present. */
export type SubmitDeps = ListenerDeps & { readonly submit: SubmitListenerServices };

/** The part of Bolt's Web API client the submit listeners use. */
export interface ViewsClient {
  readonly views: {
    open(args: { trigger_id: string; view: ModalView }): Promise<{ view?: { id?: string; hash?: string } }>;
  };
}
