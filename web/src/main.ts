import * as ElementPlusIcons from '@element-plus/icons-vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
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
app.mount('#app');
