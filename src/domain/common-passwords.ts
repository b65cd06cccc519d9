// Passwords that pass the length and letters-and-digits rules but are among the first an attacker
// tries: common leaked-password lists (English and Chinese sites) cut to entries of ≥ 8 characters
// with a letter and a digit, plus this system's own words. Lower case; compared case-insensitively.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'p@ssw0rd', 'p@ssword1', 'pa55word', 'pa55w0rd',
  'abc12345', 'abc123456', 'abcd1234', 'abcd12345', 'abcde12345', 'abcdef123', 'abc123abc', 'a1234567', 'a12345678',
  'a123456789', 'a1b2c3d4', 'a1b2c3d4e5', 'aa123456', 'aa12345678', 'aaa123456', 'aaaa1111', 'aaaa1234', 'ab123456',
  'ab12345678', 'abc@1234', 'abc_1234', 'abc888888', 'abc666666', 'qwer1234', 'qwerty12', 'qwerty123', 'qwerty1234',
  'qwe12345', 'qwe123456', 'qweasd123', 'qweasdzxc1', 'qazwsx123', 'qaz123456', '1qaz2wsx', '1qaz2wsx3edc', '1q2w3e4r',
  '1q2w3e4r5t', '1q2w3e4r5t6y', 'zaq12wsx', 'zxcv1234', 'zxc12345', 'zxc123456', 'zxcvbnm1', 'zxcvbnm123', 'asdf1234',
  'asd12345', 'asd123456', 'asdfgh123', 'asdasd123', 'iloveyou1', 'iloveyou123', 'woaini1314', 'woaini520',
  'woaini123', 'woaini521', '5201314a', 'a5201314', 'aini1314', 'love1314', 'iloveu1314', 'admin123', 'admin1234',
  'admin12345', 'admin888', 'admin@123', 'admin8888', 'administrator1', 'root1234', 'root12345', 'test1234',
  'test12345', 'test123456', 'user1234', 'user12345', 'guest123', 'welcome1', 'welcome123', 'letmein1', 'monkey123',
  'dragon123', 'master123', 'sunshine1', 'princess1', 'football1', 'baseball1', 'superman1', 'trustno1',
  'charlie1', 'michael1', 'shadow123', 'computer1', 'internet1', 'qq123456', 'qq12345678', 'qq666666', 'wang1234',
  'wang123456', 'zhang123', 'zhang123456', 'li123456', 'liu123456', 'chen123456', 'yang123456', 'huang123456',
  'zhao123456', 'zhou123456', 'wu123456', 'xu123456', 'sun123456', 'ma123456', 'hu123456', 'lin123456', 'gao123456',
  'he123456', 'luo123456', 'zhongguo1', 'china123', 'china1234', 'china2026', 'beijing123', 'xinjiang1', 'yili1234',
  'yili123456', 'kashi123', 'changeme1', 'change123', 'mima1234', 'mima123456', 'mm123456', 'wo123456', 'ww123456',
  'xx123456', 'yy123456', 'zz123456', 'hello123', 'hello1234', 'hello12345', 'abcabc123', 'a11111111', 'a00000000',
  'a88888888', 'a66666666', '11111111a', '12345678a', '123456789a', '1234567a', '123456aa', '123456abc', '123456qwe',
  '123qweasd', '123qwe123', '123abc123', '1234qwer', '1234abcd', '12345abc', '12345qwert', 'q1w2e3r4',
  'q1w2e3r4t5', 'z1x2c3v4', 'p0o9i8u7', 'abc2024', 'abc20252026', 'password2024', 'password2025', 'password2026',
  'zhiping123', 'zhiping2026', 'zhiping2025', 'zhicheng123', 'zhicheng2026', 'renshe123', 'renshe2026',
  'hospital1', 'yiyuan123', 'doctor123', 'nurse1234', 'teacher123',
]);
