import * as ElementPlusIcons from '@element-plus/icons-vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { ApiProblem } from './api/http';
import { vAccess } from './directives/access';
import { router } from './router';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(router);
// Registered fully (simplest); Chinese texts for pickers, pagination, message boxes.
app.use(ElementPlus, { locale: zhCn });
for (const [name, component] of Object.entries(ElementPlusIcons)) app.component(name, component);
app.directive('access', vAccess);
// A refused action (ApiProblem) has already been explained to the user by the HTTP client, in a
// message or at the field; a handler that lets it through is no error of the page (issue 11), so it
// is not logged. Anything else is a bug and still reaches the console.
app.config.errorHandler = (err, _instance, info) => {
  if (err instanceof ApiProblem) return;
  console.error(err, info);
};
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason instanceof ApiProblem) e.preventDefault();
});
app.mount('#app');
