// The web workspace's build: Vue 3 single-file components, bundled by Vite into dist/web, which
// the API serves. Libraries of the server are imported by the same names (@banli/domain).
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: {
      '@banli/domain': here('../../libs/domain/src'),
      '@': here('./src'),
    },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      output: {
        // one long-lived chunk for the framework and the component library
        manualChunks(id) {
          if (/node_modules\/(vue|@vue|vue-router|element-plus|@element-plus)\//.test(id)) return 'vendor';
          if (/node_modules\/(echarts|zrender|vue-echarts)\//.test(id)) return 'charts';
          return undefined;
        },
      },
    },
  },
});
