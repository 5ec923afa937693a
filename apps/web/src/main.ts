// The web workspace of Banli: a Vue 3 single page over the API, served by the API itself.
import 'element-plus/dist/index.css';
import './styles.css';
import { createApp } from 'vue';
import App from './App.vue';
import { refreshSession, whenSessionEnds } from './api/client';
import { router } from './router';
import { keepSessionWhileActive, session } from './session';
import { flash, lang } from './ui';

document.documentElement.lang = lang.value;

whenSessionEnds((p) => {
  // several requests of one page can fail together: only the first ends the session and says why
  if (!session.token) return;
  session.clear();
  flash(`${p.detail}（${p.code}）请重新登录。`, 'warn');
  const here = router.currentRoute.value;
  void router.push({
    name: 'login',
    query: here.name === 'login' ? {} : { next: `#${here.fullPath}` },
  });
});
keepSessionWhileActive(refreshSession);

createApp(App).use(router).mount('#app');
