/**
 * Conventions of a page: its root carries `view view-<name>`, the route's hash (data-hash) and,
 * once its data has loaded, data-ready="true" — scripts and tests tell renders apart by them.
 */
import { computed, onMounted, ref, watch, type Ref } from 'vue';
import { useRoute } from 'vue-router';
import { asProblem, type ApiProblem } from './api/problem';

export function useView(name: string, title: () => string) {
  const route = useRoute();
  const ready = ref(false);
  const attrs = computed(() => ({
    class: ['view', `view-${name}`],
    'data-hash': `#${route.fullPath}`,
    'data-ready': ready.value ? 'true' : undefined,
  }));
  const setTitle = () => {
    const h = title();
    document.title = h ? `${h} · 办理 Banli` : '办理 Banli';
  };
  onMounted(setTitle);
  watch(ready, setTitle);
  return { ready, attrs };
}

/** A page's first load: what it throws becomes `problem`, and the page is ready either way. */
export async function firstLoad(
  ready: Ref<boolean>,
  problem: Ref<ApiProblem | null>,
  load: () => Promise<void>,
) {
  try {
    await load();
  } catch (e) {
    problem.value = asProblem(e);
  } finally {
    ready.value = true;
  }
}
