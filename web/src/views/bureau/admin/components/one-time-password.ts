// Shows a new one-time password once: the administrator hands it over; the user must change it at
// the first login.
import { ElMessageBox } from 'element-plus';
import { h } from 'vue';

export async function showOneTimePassword(username: string, password: string, what = '账号已创建'): Promise<void> {
  await ElMessageBox.alert(
    h('div', [
      h('p', `用户名：${username}`),
      h('p', ['一次性密码：', h('strong', { class: 'one-time-password', 'data-testid': 'one-time-password' }, password)]),
      h('p', { class: 'muted' }, '请妥善转交本人；此密码只显示这一次，首次登录后须立即修改。'),
    ]),
    what,
    { confirmButtonText: '已记下', type: 'success' },
  ).catch(() => undefined);
}
