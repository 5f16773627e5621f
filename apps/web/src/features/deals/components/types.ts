/** What every section of the deal page receives: the deal, my capacities on it, and the ways to act on it. */
import type { DealDto } from '@jiebang/contracts';
import type { DealCapacities } from '../lib/deals';
import type { DealFormConfig } from './DealFormModal';

/** Props shared by the sections of the deal page. */
export interface DealSectionProps {
  deal: DealDto;
  can: DealCapacities;
  /** The signed-in user's id (to tell the proposer of a subsidy). */
  userId: string | null;
  /** Opens the page's form modal with an action. */
  openForm: (config: DealFormConfig) => void;
  /**
   * Shows the success message of an action that went through (its mutation has already refetched the deal, its
   * history, the lists and the notice board).
   */
  done: (success: string) => void;
  /** Runs an action without a form (already confirmed by the caller); errors are shown as a message. */
  run: (action: () => Promise<unknown>, success: string) => Promise<void>;
}
