/**
 * A form's or dialog's send: `busy` while it runs (the form waits, the button spins) and the
 * refusal as `problem` to show. Clearing the last refusal stays with the caller: some forms clear
 * it before they check what was typed, some only once the answer came.
 */
import { ref } from 'vue';
import { asProblem, type ApiProblem } from './api/problem';

export function useSubmit() {
  const busy = ref(false);
  const problem = ref<ApiProblem | null>(null);

  /** Runs `work` while busy; whatever it throws becomes `problem`. True when it went through. */
  async function run(work: () => Promise<void>): Promise<boolean> {
    busy.value = true;
    try {
      await work();
      return true;
    } catch (e) {
      problem.value = asProblem(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, problem, run };
}
